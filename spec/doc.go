// Package spec holds rgc's semantics and the tests that hold rgc to them.
// It has no code: rgc.md states what rgc computes, by numbered section;
// conformance_test.go compares rgc with Skipper's own route group fixtures,
// read from the module cache; and the cases under testdata/ are run through
// the command by cmd/rgc's tests.
package spec
