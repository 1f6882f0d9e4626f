// Package expr parses the eskip expressions embedded in RouteGroups:
// predicate chains (`Path("/") && Header("X", "y")`) and filter chains
// (`setPath("/") -> status(200)`), with positions mapped back into the
// YAML file.
//
// Input: the decoded string and, optionally, the offset map of the scalar
// it came from. Output: the calls with names, arguments and source spans,
// or the first syntax error with its byte offset in the string.
//
// The contract is Skipper's: a string is accepted exactly when
// eskip.ParsePredicates or eskip.ParseFilters (v0.27.54) accepts it, and
// then the calls have the same names and argument values (float64 or
// string). The fuzz package checks this with Skipper as the oracle. The
// grammar is our own, written for participle, not a port of eskip's yacc
// parser.
package expr
