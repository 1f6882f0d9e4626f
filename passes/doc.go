// Package passes checks the program and lowers it to a routing table. The
// passes run in the order pipeline.go lists, each with the reason for its
// place; a pass reports problems in the input as diagnostics and returns an
// error only when rgc itself fails.
//
// The semantics are those of Skipper's Kubernetes data client for route
// groups (dataclients/kubernetes, v0.27.54); spec/rgc.md states them.
package passes
