// Package eskip is rgc's back end: it turns the lowered ir.Table into
// Skipper's []*eskip.Route and prints it as eskip text or Skipper's JSON.
// It imports only Skipper's eskip package.
package backend

import (
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/ir"
)

// Routes converts the table to Skipper routes, keeping its order.
func Routes(t *ir.Table) []*eskip.Route {
	c := converter{boxed: map[*ir.Call][]any{}}
	out := make([]*eskip.Route, len(t.Routes))
	for i, r := range t.Routes {
		out[i] = c.route(r)
	}
	return out
}

// Route converts one lowered route.
func Route(r *ir.Route) *eskip.Route {
	var c converter
	return c.route(r)
}

// converter converts routes with few allocations: each route's predicates,
// filters, arguments and endpoints are cut from one block each, and the
// arguments of a call that several routes share (the copies of a route
// entry per method and backend) are boxed once. Nothing mutable is shared
// between routes: a boxed argument is an immutable interface value.
type converter struct {
	boxed map[*ir.Call][]any // nil: box every time
}

func (c *converter) route(r *ir.Route) *eskip.Route {
	er := &eskip.Route{Id: r.ID}
	nargs := 0
	for _, p := range r.Predicates {
		nargs += len(p.Args)
	}
	for _, f := range r.Filters {
		nargs += len(f.Args)
	}
	args := make([]any, 0, nargs)
	if len(r.Predicates) > 0 {
		block := make([]eskip.Predicate, len(r.Predicates))
		er.Predicates = make([]*eskip.Predicate, len(r.Predicates))
		for i, p := range r.Predicates {
			block[i] = eskip.Predicate{Name: p.Name}
			block[i].Args, args = c.args(p, args)
			er.Predicates[i] = &block[i]
		}
	}
	if len(r.Filters) > 0 {
		block := make([]eskip.Filter, len(r.Filters))
		er.Filters = make([]*eskip.Filter, len(r.Filters))
		for i, f := range r.Filters {
			block[i] = eskip.Filter{Name: f.Name}
			block[i].Args, args = c.args(f, args)
			er.Filters[i] = &block[i]
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
		block := make([]eskip.LBEndpoint, len(r.LBEndpoints))
		er.LBEndpoints = make([]*eskip.LBEndpoint, len(r.LBEndpoints))
		for i, ep := range r.LBEndpoints {
			block[i] = eskip.LBEndpoint{Address: ep.Address, Zone: ep.Zone}
			er.LBEndpoints[i] = &block[i]
		}
	}
	return er
}

// args appends the boxed arguments of call to block and returns them (nil
// for none, as eskip holds them) and the rest of block.
func (c *converter) args(call *ir.Call, block []any) ([]any, []any) {
	if len(call.Args) == 0 {
		return nil, block
	}
	start := len(block)
	if boxed, ok := c.boxed[call]; ok {
		block = append(block, boxed...)
	} else {
		for _, a := range call.Args {
			block = append(block, a.Value())
		}
		if c.boxed != nil {
			c.boxed[call] = block[start:len(block):len(block)]
		}
	}
	return block[start:len(block):len(block)], block
}
