package passes

import (
	"strings"

	"github.com/rgc-dev/rgc/ir"
)

const defaultEastWestDomain = "skipper.cluster.local"

func (c *Context) eastWestDomain() string {
	if c.Opts.EastWestDomain == "" {
		return defaultEastWestDomain
	}
	return strings.Trim(c.Opts.EastWestDomain, ".")
}

// eastWest adds, for every external base route, a copy that answers on
// NAME.NAMESPACE.<east-west domain> (-enable-kubernetes-east-west), unless
// the group already lists a host in that domain.
func eastWest(c *Context) error {
	if !c.Opts.EnableEastWest {
		return nil
	}
	domain := c.eastWestDomain()
	for _, p := range c.Lowered.Parts {
		if p.Internal || p.Failed || anyHostIn(p.Hosts, domain) {
			continue
		}
		k := p.Group.Key()
		rx := hostRx(k.Name + "." + k.Namespace + "." + domain)
		for _, u := range p.Units {
			if u.Dropped {
				continue
			}
			u.Extra = append(u.Extra, eastWestCopy(u.Route, rx))
		}
	}
	return nil
}

// anyHostIn reports whether a host ends in domain.
func anyHostIn(hosts []string, domain string) bool {
	for _, h := range hosts {
		if hasSuffixAny(h, []string{domain}) {
			return true
		}
	}
	return false
}

func eastWestCopy(r *ir.Route, rx string) *ir.Route {
	ew := copyRoute(r)
	ew.ID = eastWestID(r.ID)
	ps := make([]*ir.Call, 0, len(r.Predicates))
	for _, p := range r.Predicates {
		if p.Name != "Host" {
			ps = append(ps, p)
		}
	}
	ew.Predicates = append(ps, ir.NewCall("Host", ir.String(rx)))
	return ew
}

// copyRoute copies r with its own predicate and filter slices; the calls
// themselves are shared, as nothing changes a call after lowering.
func copyRoute(r *ir.Route) *ir.Route {
	c := *r
	c.Predicates = append([]*ir.Call(nil), r.Predicates...)
	c.Filters = append([]*ir.Call(nil), r.Filters...)
	c.LBEndpoints = append([]ir.LBEndpoint(nil), r.LBEndpoints...)
	return &c
}
