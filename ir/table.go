package ir

// RouteBackend is the kind of backend of a lowered route, as in eskip.
type RouteBackend int

// The kinds of backend of a lowered route.
const (
	NetworkRoute RouteBackend = iota
	ShuntRoute
	LoopbackRoute
	DynamicRoute
	LBRoute
)

// LBEndpoint is an endpoint of a load balanced route.
type LBEndpoint struct {
	Address string
	Zone    string
}

// Route is a lowered route: one entry of Skipper's routing table.
type Route struct {
	ID          string
	Predicates  []*Call
	Filters     []*Call
	Backend     RouteBackend
	Address     string
	LBEndpoints []LBEndpoint
	LBAlgorithm string

	// Origin: where the route comes from, for diagnostics and analysis.
	Group *RouteGroup
	Spec  *RouteSpec  // nil for implicit and catch-all routes
	Ref   *BackendRef // nil for catch-all routes
}

// Table is the compiled routing table in output order.
type Table struct {
	Routes []*Route
}
