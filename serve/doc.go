// Package proxy is rgc serve: Skipper itself (the github.com/zalando/skipper
// root package; this is the only package of rgc that imports it), routing
// with the table rgc compiles, through a data client of rgc's
// (skipper.Options.CustomDataClients), so that no part of the routing engine
// is rewritten.
//
// Input: files and directories of RouteGroups, Services, Endpoints and
// EndpointSlices, recompiled when they change. Output: Skipper's routing
// table, and the same table for a fleet of stock Skippers (Handler).
//
// Reload safety, per route group, on every compilation:
//   - a group without errors replaces its routes;
//   - a group with errors keeps the routes of its last version without
//     errors, and is reported (log and Status); a group that never
//     compiled serves the routes that did, as Skipper would;
//   - a group gone from the input is removed, unless the file that defined
//     it has an error outside any group (YAML syntax, say): then it stays
//     as it was, since its file can no longer tell;
//   - a compilation that cannot read the input (a path named on the
//     command line is missing) changes nothing.
//
// The new table reaches Skipper as one update (the routes added or changed
// and the ids removed), so a table is never half applied. Routes that
// belong to no group (the healthcheck and redirect routes) come from each
// compilation.
package serve
