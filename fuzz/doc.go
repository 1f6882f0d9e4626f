// Package fuzz holds rgc's property-based tests (pgregory.net/rapid) and
// native fuzz targets; it has no code outside its tests.
//
// The generators (gen_test.go) build whole cluster states — route groups
// across namespaces, Services, Endpoints, EndpointSlices and conversion
// options — as a small model that renders to YAML (render_test.go), so
// that every property runs the real front end. Near-valid states carry
// exactly one injected defect and remember which document holds it
// (defects_test.go).
//
// The properties, one test function each (Test<Property>), run with a
// small fixed budget and a fixed seed in `go test`; each also has a native
// fuzz target (Fuzz<Property>) that `make fuzz` runs for FUZZ_TIME:
//
//  1. Differential: rgc's table equals the table of Skipper's own
//     Kubernetes data client, fed the same YAML through its fake API
//     server (oracle_test.go); known differences are in exceptions.
//  2. Robustness: no panic, no internal error; every injected defect gives
//     an error positioned in the document that holds it.
//  3. Determinism: byte-identical output; permuting documents gives an
//     equal table.
//  4. Locality: changing one route group leaves the others' routes alone.
//  5. Traffic: the selection probabilities implied by the emitted
//     Traffic/TrafficSegment predicates equal the normalised weights.
//  6. Round trip: eskip text and JSON parse back to an equal table.
//  7. Routing: Skipper's routing over rgc's table picks a route that the
//     reference interpreter (package spec/ref) allows for the request.
//  8. Grammar: rgc's expression parser agrees with eskip's
//     (expr_fuzz_test.go).
//
// Budgets: -rgc.budget scales every property's number of checks (default
// 1); -rapid.seed picks another seed (default: a fixed one per property).
package fuzz
