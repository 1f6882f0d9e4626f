// Package frontend turns bytes into an ir.Program plus diagnostics: it reads
// files and directories, decodes YAML and JSON documents (RouteGroup,
// Service, Endpoints, EndpointSlice, List) through yaml.v3 nodes so that
// every value keeps its position, and parses the embedded predicate and
// filter strings with package expr.
//
// Load never stops at bad input: it reports diagnostics and returns the
// program it could build, marking broken nodes Bad. It is the only package
// that imports yaml and participle.
package frontend
