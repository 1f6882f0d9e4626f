package passes

import (
	"fmt"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// The default caps on what one group may expand to. A route group is
// small text, but Skipper's expansion multiplies: every route entry gives
// a route per method and backend reference, times the HTTPS redirect and
// east-west copies, and with the traffic-predicate algorithm n weighted
// backends give routes with up to n-1 True() predicates each, O(n²) in
// all. A 100 KB object can thus ask for millions of predicates. The
// defaults sit far above any hand-written or generated group seen (the
// largest in Skipper's fixtures and in the benchmarks has well under 100
// routes) and far below what exhausts a proxy's memory.
const (
	DefaultMaxGroupRoutes     = 10_000
	DefaultMaxRoutePredicates = 1_000
	DefaultMaxTableRoutes     = 2_000_000
)

// limit returns the cap set in an option: 0 means the default, a negative
// value no cap.
func limit(set, def int) int {
	switch {
	case set == 0:
		return def
	case set < 0:
		return int(^uint(0) >> 1)
	}
	return set
}

// bounds computes, before anything is expanded, how many routes each live
// group will add and how many predicates its longest route will have, and
// rejects the groups above the caps. The table cap counts in group order,
// so that the same groups are rejected in every run; a rejected group
// costs the others nothing.
func bounds(c *Context) error {
	maxRoutes := limit(c.Opts.MaxGroupRoutes, DefaultMaxGroupRoutes)
	maxPreds := limit(c.Opts.MaxRoutePredicates, DefaultMaxRoutePredicates)
	maxTable := limit(c.Opts.MaxTableRoutes, DefaultMaxTableRoutes)
	copies := 1
	if c.Opts.HTTPSRedirect {
		copies++
	}
	if c.Opts.EnableEastWest {
		copies *= 2
	}
	total := 0
	for _, g := range c.Verdicts.Order {
		if !c.Verdicts.Live(g) {
			continue
		}
		routes, preds, worst := groupSize(c, g)
		routes *= copies
		if !c.Opts.DisableCatchAllRoutes {
			routes += len(g.Hosts) // at most one catch-all per host
		}
		switch {
		case preds.n > maxPreds:
			c.errorf(diag.TooLarge, g, preds.at, preds.path,
				"a route of this entry would have %d predicates, more than the limit of %d", preds.n, maxPreds).Hint =
				fmt.Sprintf("with the traffic-predicate algorithm, n weighted backends give a route up to n-1 True() predicates; split the backends, use -kubernetes-backend-traffic-algorithm=traffic-segment-predicate, or raise -max-route-predicates")
		case routes > maxRoutes:
			c.errorf(diag.TooLarge, g, worst.at, worst.path,
				"the route group would expand to %d routes, more than the limit of %d", routes, maxRoutes).Hint =
				"each route entry gives a route per method and backend reference, and HTTPS redirect and east-west copies; split the group or raise -max-group-routes"
		case total+routes > maxTable:
			c.errorf(diag.TooLarge, g, g.Name.Src, "metadata.name",
				"with this route group the table would hold %d routes, more than the limit of %d", total+routes, maxTable).Hint =
				"the route groups before it in namespace/name order fill the table; raise -max-table-routes"
		default:
			total += routes
		}
	}
	return nil
}

// site is where a size comes from.
type site struct {
	n    int
	at   src.Span
	path string
}

// groupSize returns the base routes of g, the most predicates of a route,
// and the route entry (or defaultBackends) that contributes most routes.
func groupSize(c *Context, g *ir.RouteGroup) (routes int, preds, worst site) {
	trafficPreds := func(n int) int {
		switch {
		case n <= 1:
			return 0
		case c.Opts.TrafficAlgorithm == TrafficSegment:
			return 1
		}
		return n - 1 // Traffic() and up to n-2 True()
	}
	if len(g.Routes) == 0 {
		n := len(g.DefaultBackends)
		at := site{n: n, at: g.Src, path: "spec.defaultBackends"}
		if n > 0 {
			at.at = g.DefaultBackends[0].Src
		}
		preds = site{n: 1 + trafficPreds(n), at: at.at, path: at.path}
		return n, preds, at
	}
	for _, s := range g.Routes {
		refs, path := s.Backends, s.Path+".backends"
		if len(refs) == 0 {
			refs, path = g.DefaultBackends, "spec.defaultBackends"
		}
		methods := len(uniqueMethods(s))
		n := methods * max(1, len(refs))
		routes += n
		at := s.Src
		if len(refs) > 0 {
			at = refs[0].Src
		}
		if n > worst.n {
			worst = site{n: n, at: s.Src, path: s.Path}
		}
		if p := routePredicateCount(g, s) + trafficPreds(len(refs)); p > preds.n {
			preds = site{n: p, at: at, path: path}
		}
	}
	return routes, preds, worst
}

// routePredicateCount counts the predicates the route fields and entries
// of s give, before traffic predicates.
func routePredicateCount(g *ir.RouteGroup, s *ir.RouteSpec) int {
	n := len(s.Predicates)
	for _, set := range []bool{s.PathExact.V != "" || s.PathSubtree.V != "", s.PathRegexp.V != "", len(g.Hosts) > 0, len(s.Methods) > 0} {
		if set {
			n++
		}
	}
	return n
}
