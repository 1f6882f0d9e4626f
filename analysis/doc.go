// Package analysis checks compiled route groups for what Skipper only
// finds at run time, or never: predicate and filter names and arguments
// against Skipper's own registries (RG5xx), conflicts between route groups
// (RG6xx) and a platform team's policy (RG7xx). It is what rgc check runs
// after the compilation, and rgc compile -analyze.
//
// Input: the program and the routing table of a compilation, with its
// options. Output: diagnostics only. An analysis never changes the program
// or the table, so the routing table stays the one Skipper's converter
// builds; an error from an analysis says that Skipper's routing will drop
// a route or that a rule is broken. On bad input the analyses skip what
// earlier stages already reported (syntax errors, groups of another
// class) rather than report it twice.
//
// This is the only package of rgc that imports Skipper's filter and
// predicate specs; the core packages (frontend, ir, passes) stay free of
// them and reach the analyses through passes.Analyzer.
package analysis
