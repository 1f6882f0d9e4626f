// Package frontend turns bytes into an ir.Program plus diagnostics: it reads
// files and directories, decodes YAML and JSON documents (RouteGroup,
// Service, Endpoints, EndpointSlice, List) through yaml.v3 nodes so that
// every value keeps its position, and parses the embedded predicate and
// filter strings with package expr.
//
// Load never stops at bad input: it reports diagnostics and returns the
// program it could build, marking broken nodes Bad. In particular:
//
//   - Every document of every stream is read; empty documents are skipped.
//     A syntax error (RG001, at yaml.v3's problem mark) loses the
//     documents up to the next "---" of that file, not the rest of it.
//   - Values are checked against the types the Kubernetes API and
//     Skipper's encoding/json decoding expect (RG004, RG007): a value
//     Skipper could not decode marks its group Bad, where Skipper would
//     fail the whole RouteGroup list. Fields the CRD does not define are
//     warnings (RG005), as the API server drops them.
//   - Predicates and filters are parsed with positions inside the YAML
//     string, and each entry must hold one predicate or filter, as
//     Skipper's validator demands (RG101-RG104).
//   - Aliases are measured before they are followed, so an alias bomb
//     costs time linear in its size (RG009).
//   - A panic while decoding one object becomes an RG901 diagnostic for
//     that object; the others load.
//
// Objects keep the order of the input (ir.Meta.Doc); a later object of the
// same kind, namespace and name replaces an earlier one (RG008).
package frontend
