// Package ref is a small reference interpreter of the RouteGroup
// semantics of spec/rgc.md: given route groups, Services, Endpoints,
// conversion options and one HTTP request, Allowed lists every outcome
// the semantics permit for the request — which group, route entry and
// backend reference may serve it, with which filters and backend — plus
// the catch-all and HTTPS redirect outcomes.
//
// It is written from the spec, section by section, and shares no code
// with passes/ or frontend/: the fuzz tests (package fuzz, property 7)
// run Skipper's routing over the table rgc compiles and require the route
// it picks to be one of the outcomes Allowed lists.
//
// Input: decoded objects, assumed to be valid (the spec's §3 and §4
// checks pass); Allowed reports nothing about bad input. Modelled:
// hosts (§7.1), east-west (§7.2) and east-west range hosts (§7.3),
// paths, methods and the predicates Header, HeaderRegexp, Cookie,
// QueryParam, Weight and True (§8.1); weights (§6); backends of every
// type, Services and Endpoints (§5.1, §5.2); HTTPS redirects (§8.3) and
// catch-alls (§8.2, leniently: a catch-all is allowed for every host of
// a group that lists the request's host). Not modelled: EndpointSlices
// and zones, allowed external names, default filters, annotation
// predicates and filters, the route group class.
package ref
