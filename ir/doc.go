// Package ir holds the program rgc compiles and the forms the passes hand
// on: the route groups and cluster objects read by the front end, each
// node with its source span (ir.go, cluster.go); the passes' verdicts on
// them and the lowered form between expand and emit (lowered.go); and the
// routing table (table.go).
//
// ir imports no YAML, no parser and no Skipper package. The program is
// read-only after the front end's Load: nodes the front end found broken
// are marked Bad, and what the passes decide (a rejected or skipped group,
// a resolved backend reference, the group order) lives in Verdicts, beside
// the program, never on it. Later passes skip what is Bad or rejected, so
// one problem gives one diagnostic, not a cascade.
package ir
