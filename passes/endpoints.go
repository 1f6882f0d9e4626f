package passes

import (
	"net"
	"sort"
	"strconv"

	"github.com/rgc-dev/rgc/ir"
)

// endpointCache memoises endpoint lookups the way Skipper's cluster state
// does: by service and target port, but not by scheme. The first lookup of
// a service and target port fixes the scheme for every later one in the
// same compilation (a Skipper quirk that rgc keeps for equal tables).
type endpointCache map[SchemeKey]cached

type cached struct {
	eps    []ir.LBEndpoint
	scheme string
}

// endpointState is Skipper's endpoint cache as the backends pass fills it,
// and the record of each group's lookups that emit hands on (GroupRoutes.Uses).
type endpointState struct {
	cache endpointCache
	uses  map[*ir.RouteGroup][]SchemeUse
	used  map[useKey]bool
}

func newEndpointState() *endpointState {
	return &endpointState{cache: endpointCache{}, uses: map[*ir.RouteGroup][]SchemeUse{}, used: map[useKey]bool{}}
}

type useKey struct {
	g *ir.RouteGroup
	k SchemeKey
}

// SchemeKey is what Skipper's endpoint cache is keyed by.
type SchemeKey struct {
	Service ir.Key
	Target  string
}

// lookup returns the endpoints of svc for target; zone and zoneOff apply
// zone-aware routing to EndpointSlices.
func (ec endpointCache) lookup(c *Context, g *ir.RouteGroup, svc ir.Key, scheme string, target ir.IntOrString, zone string, zoneOff bool) []ir.LBEndpoint {
	k := SchemeKey{svc, target.String()}
	ce, ok := ec[k]
	if !ok {
		ce.scheme = scheme
		if c.Seed != nil {
			if s, seeded := c.Seed(k); seeded {
				ce.scheme = s
			}
		}
		ce.eps = c.resolveEndpoints(svc, ce.scheme, target)
		ec[k] = ce
	}
	l := c.endpoints
	// One record per group and key is enough: the first use decides.
	if uk := (useKey{g, k}); !l.used[uk] {
		l.used[uk] = true
		l.uses[g] = append(l.uses[g], SchemeUse{Service: svc, Target: k.Target, Scheme: scheme, Effective: ce.scheme})
	}
	if !c.Opts.EnableEndpointSlices {
		return ce.eps
	}
	return filterByZone(zone, ce.eps, zoneOff)
}

func (c *Context) resolveEndpoints(svc ir.Key, scheme string, target ir.IntOrString) []ir.LBEndpoint {
	var eps []ir.LBEndpoint
	if c.Opts.EnableEndpointSlices {
		eps = sliceTargets(c, svc, scheme, target)
	} else {
		eps = endpointsTargets(c.Prog.Endpoints[svc], scheme, target)
	}
	sort.Slice(eps, func(i, j int) bool { return eps[i].Address < eps[j].Address })
	return eps
}

func filterByZone(zone string, eps []ir.LBEndpoint, disabled bool) []ir.LBEndpoint {
	if disabled || zone == "" {
		return eps
	}
	var in []ir.LBEndpoint
	for _, ep := range eps {
		if ep.Zone == zone {
			in = append(in, ep)
		}
	}
	if len(in) >= minEndpointsByZone {
		return in
	}
	return eps
}

func endpointAddress(scheme, ip string, port int) string {
	return scheme + "://" + net.JoinHostPort(ip, strconv.Itoa(port))
}

// endpointsTargets returns the addresses of the first subset port that
// matches the target port, by name or by number.
func endpointsTargets(ep *ir.Endpoints, scheme string, target ir.IntOrString) []ir.LBEndpoint {
	if ep == nil {
		return nil
	}
	for _, s := range ep.Subsets {
		for _, p := range s.Ports {
			if !target.IsInt && p.Name != target.Str || target.IsInt && p.Port != target.Int {
				continue
			}
			out := make([]ir.LBEndpoint, 0, len(s.Addresses))
			for _, a := range s.Addresses {
				out = append(out, ir.LBEndpoint{Address: endpointAddress(scheme, a, p.Port)})
			}
			return out
		}
	}
	return nil
}

// readySlice is the merged, de-duplicated view of a service's
// EndpointSlices.
type readySlice struct {
	ports     []*ir.EndpointPort
	endpoints []ir.LBEndpoint // address is the bare IP here
}

// mergeSlices merges the EndpointSlices of a service in the order the API
// server lists them (by name): terminating endpoints are dropped (even
// when another slice lists them as ready), ready ones kept once by
// address, and the ports of the last slice used.
func mergeSlices(slices []*ir.EndpointSlice) *readySlice {
	slices = append([]*ir.EndpointSlice(nil), slices...)
	sort.SliceStable(slices, func(i, j int) bool { return slices[i].Name.V < slices[j].Name.V })
	var rs *readySlice
	terminating := map[string]bool{}
	ready := map[string]string{}
	var order []string
	for _, s := range slices {
		if !s.HasPorts {
			continue
		}
		if rs == nil {
			rs = &readySlice{}
		}
		for _, ep := range s.Endpoints {
			if len(ep.Addresses) == 0 {
				continue
			}
			a := ep.Addresses[0]
			switch {
			case terminating[a]:
			case ep.Terminating != nil && *ep.Terminating:
				terminating[a] = true
				delete(ready, a)
			case ep.Ready == nil || *ep.Ready:
				if _, ok := ready[a]; !ok {
					order = append(order, a)
				}
				ready[a] = ep.Zone
			}
		}
		rs.ports = s.Ports
	}
	if rs == nil {
		return nil
	}
	for _, a := range order {
		if z, ok := ready[a]; ok {
			rs.endpoints = append(rs.endpoints, ir.LBEndpoint{Address: a, Zone: z})
		}
	}
	return rs
}

func sliceTargets(c *Context, svc ir.Key, scheme string, target ir.IntOrString) []ir.LBEndpoint {
	rs := mergeSlices(c.Prog.EndpointSlices[svc])
	if rs == nil {
		return nil
	}
	name, value := "", 0
	if target.IsInt {
		value = target.Int
	} else {
		name = target.Str
	}
	port := slicePort(rs.ports, "TCP", name, value)
	out := make([]ir.LBEndpoint, 0, len(rs.endpoints))
	for _, ep := range rs.endpoints {
		out = append(out, ir.LBEndpoint{Address: endpointAddress(scheme, ep.Address, port), Zone: ep.Zone})
	}
	return out
}

// slicePort picks the port as Skipper does: the first port of the
// protocol whose name equals name (an unnamed port matches a numeric
// target, since its name is empty too) or whose number equals value.
func slicePort(ports []*ir.EndpointPort, protocol, name string, value int) int {
	for _, p := range ports {
		if protocol != "" && p.Protocol != protocol {
			continue
		}
		if p.Name == name {
			return p.Port
		}
		if value != 0 && p.Port == value {
			return value
		}
	}
	return 0
}
