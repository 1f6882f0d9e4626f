package passes

import (
	"github.com/rgc-dev/rgc/ir"
)

// catchAll adds, for each host of a partition, a shunt route matching only
// the host, unless some route of the partition already matches the host
// alone: without it a request for the host that matches no route would
// fall through to another group's less specific route. Every host of a
// partition sees the same routes, so the decision is made once.
func catchAll(c *Context) error {
	if c.Opts.DisableCatchAllRoutes {
		return nil
	}
	for _, p := range c.Lowered.Parts {
		if p.Failed || len(p.Hosts) == 0 || !anyStored(p) || hasHostOnlyRoute(p) {
			continue
		}
		for _, h := range p.Hosts {
			p.CatchAll = append(p.CatchAll, &ir.Route{
				ID:         catchAllID(h, p.Internal),
				Predicates: []*ir.Call{ir.NewCall("Host", ir.String(hostRx(h)))},
				Backend:    ir.ShuntRoute,
				Group:      p.Group,
			})
		}
	}
	return nil
}

// anyStored: Skipper decides per host among the routes it stored for the
// host; when every route failed, a host has none and gets no catch-all.
func anyStored(p *ir.Partition) bool {
	for _, u := range p.Units {
		if u.Stored {
			return true
		}
	}
	return false
}

// hasHostOnlyRoute reports whether a route Skipper counted for the
// partition has no predicate but Host.
func hasHostOnlyRoute(p *ir.Partition) bool {
	for _, u := range p.Units {
		if !u.Stored {
			continue
		}
		only := true
		for _, pr := range u.Route.Predicates {
			if pr.Name != "Host" {
				only = false
				break
			}
		}
		if only {
			return true
		}
	}
	return false
}
