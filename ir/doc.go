// Package ir holds the program rgc compiles: the route groups and cluster
// objects read by the front end, each node with its source span, and the
// lowered routing table the passes build from them.
//
// ir imports no YAML, no parser and no Skipper package. Nodes that a pass
// found broken are marked Bad; later passes skip them, so one problem gives
// one diagnostic, not a cascade.
package ir
