// Package fuzz holds rgc's property-based tests (pgregory.net/rapid) and
// native fuzz targets; it has no code outside its tests.
//
// The generators (gen_test.go) build whole cluster states — route groups
// across namespaces, Services, Endpoints, EndpointSlices, default filters
// and conversion options — as a small model (model_test.go) that renders
// to YAML files (render_test.go), so that every property runs the real
// front end. Near-valid states carry exactly one injected defect and
// remember which document holds it (defects_test.go).
//
// The properties, one test function each, run with a fixed budget and a
// fixed seed per test in `go test` (about 25 s in all on two cores):
//
//  1. TestDifferential: rgc's table equals the table of Skipper's own
//     Kubernetes data client, fed the same YAML through its fake API
//     server (oracle_test.go); known differences are the one list
//     exceptions (differential_test.go), each with its reason.
//  2. TestNoInternalError, TestDefectPositions: no panic, no internal
//     error, every position inside its file; every injected defect gives
//     an error positioned in the document that holds it.
//  3. TestDeterminism: byte-identical output; permuting documents (across
//     files and Lists) gives an equal table.
//  4. TestLocality: adding, changing or breaking one route group leaves
//     the routes of the others alone, unless they are entangled.
//  5. TestTraffic: the pick probabilities implied by the emitted
//     Traffic/True or TrafficSegment predicates equal the normalised
//     weights.
//  6. TestRoundTrip: eskip text and JSON parse back to an equal table, or
//     rgc flags the route (RG111).
//  7. TestRouting: Skipper's routing over rgc's table picks a route that
//     the reference interpreter (package spec/ref) allows.
//  8. FuzzPredicates, FuzzFilters: rgc's expression parser agrees with
//     eskip's (expr_fuzz_test.go).
//
// Each property also has a native fuzz target (Fuzz<Property>, through
// rapid.MakeFuzz), and FuzzCompile feeds raw bytes through the whole
// compiler. `make fuzz FUZZ_TIME=10m` runs every property with random
// seeds for FUZZ_TIME (-rgc.fuzztime), then every native target.
//
// Flags: -rgc.budget scales the number of checks; -rapid.seed and
// -rapid.checks override the fixed ones; -rgc.knownbugs runs the
// regression cases of known, unfixed bugs (regress_test.go) instead of
// skipping them. Failures are kept: native fuzzing's crashers under
// testdata/fuzz (seeds of every later run), rapid's shrunk cases as plain
// inputs in regress_test.go (rapid's own fail files under testdata/rapid
// are local and replayed first; git ignores them).
package fuzz
