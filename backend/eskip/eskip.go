// Package eskip is rgc's back end: it turns the lowered ir.Table into
// Skipper's []*eskip.Route and prints it as eskip text or Skipper's JSON.
// It imports only Skipper's eskip package.
package eskip

import (
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/ir"
)

// Routes converts the table to Skipper routes, keeping its order.
func Routes(t *ir.Table) []*eskip.Route {
	out := make([]*eskip.Route, 0, len(t.Routes))
	for _, r := range t.Routes {
		out = append(out, Route(r))
	}
	return out
}

// Route converts one lowered route.
func Route(r *ir.Route) *eskip.Route {
	er := &eskip.Route{Id: r.ID}
	if len(r.Predicates) > 0 {
		er.Predicates = make([]*eskip.Predicate, len(r.Predicates))
		for i, c := range r.Predicates {
			er.Predicates[i] = &eskip.Predicate{Name: c.Name, Args: args(c.Args)}
		}
	}
	if len(r.Filters) > 0 {
		er.Filters = make([]*eskip.Filter, len(r.Filters))
		for i, c := range r.Filters {
			er.Filters[i] = &eskip.Filter{Name: c.Name, Args: args(c.Args)}
		}
	}
	switch r.Backend {
	case ir.NetworkRoute:
		er.BackendType = eskip.NetworkBackend
		er.Backend = r.Address
	case ir.ShuntRoute:
		er.BackendType = eskip.ShuntBackend
	case ir.LoopbackRoute:
		er.BackendType = eskip.LoopBackend
	case ir.DynamicRoute:
		er.BackendType = eskip.DynamicBackend
	case ir.LBRoute:
		er.BackendType = eskip.LBBackend
		er.LBAlgorithm = r.LBAlgorithm
		er.LBEndpoints = make([]*eskip.LBEndpoint, len(r.LBEndpoints))
		for i, ep := range r.LBEndpoints {
			er.LBEndpoints[i] = &eskip.LBEndpoint{Address: ep.Address, Zone: ep.Zone}
		}
	}
	return er
}

func args(a []ir.Arg) []any {
	if len(a) == 0 {
		return nil
	}
	out := make([]any, len(a))
	for i, ai := range a {
		out[i] = ai.Value()
	}
	return out
}
