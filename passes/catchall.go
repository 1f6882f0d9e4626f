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
	for _, p := range c.low().parts {
		if p.failed || len(p.hosts) == 0 || !anyStored(p) || hasHostOnlyRoute(p) {
			continue
		}
		for _, h := range p.hosts {
			p.catchAll = append(p.catchAll, &ir.Route{
				ID:         catchAllID(h, p.internal),
				Predicates: []*ir.Call{ir.NewCall("Host", ir.String(hostRx(h)))},
				Backend:    ir.ShuntRoute,
				Group:      p.group,
			})
		}
	}
	return nil
}

// anyStored: Skipper decides per host among the routes it stored for the
// host; when every route failed, a host has none and gets no catch-all.
func anyStored(p *partition) bool {
	for _, u := range p.units {
		if u.stored {
			return true
		}
	}
	return false
}

// hasHostOnlyRoute reports whether a route Skipper counted for the
// partition has no predicate but Host.
func hasHostOnlyRoute(p *partition) bool {
	for _, u := range p.units {
		if !u.stored {
			continue
		}
		only := true
		for _, pr := range u.route.Predicates {
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
