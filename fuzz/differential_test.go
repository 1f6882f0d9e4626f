package fuzz

import (
	"sort"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"
)

// Property 1: for the same objects and options, rgc's table equals the
// table of Skipper's own Kubernetes data client (eskip.EqLists, ids
// included).

func TestDifferential(t *testing.T) { check(t, 150, propDifferential) }

func FuzzDifferential(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propDifferential)) }

func propDifferential(t *rapid.T) {
	s := genState(t, anyConfig)
	if chance(t, "defect", 30) {
		injectDefect(t, s, differentialDefects)
	}
	differential(t, s)
}

func differential(t *rapid.T, s *state) {
	for _, e := range exceptions {
		if e.both != nil && e.applies(s) {
			s = e.both(s.clone())
		}
	}
	fs := render(s)
	os := s
	for _, e := range exceptions {
		if e.oracle != nil && e.applies(s) {
			os = e.oracle(os.clone())
		}
	}
	want, logs, err := skipperTable(render(os), s.Opts)
	if err != nil {
		t.Fatalf("Skipper's oracle failed (a generator bug?): %v\n%s", err, dump(fs))
	}
	res := compile(t, fs, s.Opts)
	got := res.Routes
	stripZones(got)
	for _, e := range exceptions {
		if e.adjust != nil && e.applies(s) {
			got, want = e.adjust(s, got, want)
		}
	}
	if !eqTables(got, want) {
		t.Fatalf("rgc's table differs from Skipper's (- rgc, + Skipper):\n%s\noptions: %+v\ninput:\n%s\nrgc diagnostics:\n%s\nSkipper log:\n%s",
			tableDiff(got, want), s.Opts, dump(fs), diagText(res), logs)
	}
}

// exception is a known difference between rgc and Skipper's data client
// as the fake API server feeds it: a class of inputs, and what to change
// so that the tables are comparable. Known bugs are exceptions too, until
// fixed (bug names the regression test that holds them).
type exception struct {
	name, why string
	bug       string
	applies   func(*state) bool
	// both, if set, changes the input of both sides (to step around a
	// known bug); oracle only the input of Skipper's fake API server.
	both, oracle func(*state) *state
	// adjust, if set, returns the tables to compare.
	adjust func(s *state, got, want []*eskip.Route) ([]*eskip.Route, []*eskip.Route)
}

// exceptions is the one list of known differences.
//
// Inputs the differential generator never produces, and why:
//   - two objects of the same kind, namespace and name: Skipper's order
//     of them is undefined (sort.Slice), rgc keeps the later (RG008);
//   - a RouteGroup whose JSON decoding fails (a fraction for an integer,
//     a list for a string): Skipper drops the whole RouteGroup list, rgc
//     only that group (spec §9); defects with decode set are left out.
var exceptions = []exception{
	{
		name: "API server defaults",
		why: "a real API server fills in metadata.namespace, a Service's spec.type (ClusterIP), a port's targetPort " +
			"(the port) and the protocol of Endpoints and EndpointSlice ports (TCP), and lists objects in namespace/name " +
			"order; rgc applies these defaults (spec §2.1, §5.1) and does not depend on document order; Skipper's fake " +
			"API server serves objects as written, in file order, so the oracle gets them filled in and sorted",
		applies: func(*state) bool { return true },
		oracle:  apiServerDefaults,
	},
	{
		name: "EndpointSlice port protocol", bug: "TestKnownBugSlicePortProtocol",
		why: "rgc matches EndpointSlice ports on protocol TCP but does not default an absent protocol to TCP " +
			"as the API server does, so it routes to port 0",
		applies: func(s *state) bool {
			for _, sl := range s.Slices {
				for _, p := range sl.Ports {
					if p.Protocol == "" {
						return s.Opts.EndpointSlices
					}
				}
			}
			return false
		},
		both: func(s *state) *state {
			for i, sl := range s.Slices {
				c := *sl
				c.Ports = defaultProtocols(sl.Ports)
				s.Slices[i] = &c
			}
			return s
		},
	},
	{
		name: "catch-all after a failed backend", bug: "TestKnownBugCatchAllAfterFailedBackend",
		why: "when a later backend of a route fails, Skipper has already stored the earlier backends' routes, with " +
			"their Traffic predicates, for the catch-all decision; rgc looks at them without traffic predicates and " +
			"may leave out the catch-all; the catch-alls of such groups' hosts are not compared",
		applies: func(s *state) bool { return len(mayFailAfterFirst(s)) > 0 },
		adjust: func(s *state, got, want []*eskip.Route) ([]*eskip.Route, []*eskip.Route) {
			skip := map[string]bool{}
			for _, g := range mayFailAfterFirst(s) {
				for _, h := range g.Hosts {
					skip["kube_rg____"+symbol(h)+"__catchall__0_0"] = true
					skip["kube_rg__internal___"+symbol(h)+"__catchall__0_0"] = true
				}
			}
			return dropIDs(got, skip), dropIDs(want, skip)
		},
	},
	{
		name: "EndpointSlice order", bug: "TestKnownBugSliceOrder",
		why: "rgc merges a service's EndpointSlices in document order (the zone of an address listed twice, and the " +
			"ports, come from the last slice); the API server lists them in name order, so the table depends on the " +
			"order of the input documents",
		applies: slicesShareService,
		both: func(s *state) *state {
			sortObjects(s)
			return s
		},
	},
	{
		name: "group order without namespace", bug: "TestKnownBugGroupOrderDefaultNamespace",
		why: "rgc sorts route groups by namespace as written, so a group without namespace sorts before every other; " +
			"the API server fills in \"default\" first, which decides which of two groups with colliding route ids wins",
		applies: func(s *state) bool {
			for _, g := range s.Groups {
				if g.Namespace == "" {
					return true
				}
			}
			return false
		},
		both: func(s *state) *state {
			for i, g := range s.Groups {
				if g.Namespace == "" {
					c := g.clone()
					c.Namespace = "default"
					s.Groups[i] = c
				}
			}
			return s
		},
	},
}

// mayFailAfterFirst lists the groups with hosts that have a route with
// several backends, one of which might not resolve.
func mayFailAfterFirst(s *state) []*group {
	var out []*group
	for _, g := range s.Groups {
		if len(g.Hosts) == 0 || s.Opts.DisableCatchAll {
			continue
		}
		for _, r := range g.Routes {
			refs := g.routeRefs(r)
			risky := false
			for _, ref := range refs[min(1, len(refs)):] {
				if b := g.backend(ref.Name); b != nil && (b.ServiceName != "" || s.Opts.OnlyAllowed) {
					risky = true
				}
			}
			if risky {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

func dropIDs(rs []*eskip.Route, ids map[string]bool) []*eskip.Route {
	var out []*eskip.Route
	for _, r := range rs {
		if !ids[r.Id] {
			out = append(out, r)
		}
	}
	return out
}

// slicesShareService: two EndpointSlices of one service, whose merge
// depends on their order.
func slicesShareService(s *state) bool {
	seen := map[string]bool{}
	for _, sl := range s.Slices {
		k := sl.ns() + "/" + sl.Service
		if seen[k] {
			return s.Opts.EndpointSlices
		}
		seen[k] = true
	}
	return false
}

func defaultProtocols(ps []epPort) []epPort {
	out := append([]epPort(nil), ps...)
	for i := range out {
		if out[i].Protocol == "" {
			out[i].Protocol = "TCP"
		}
	}
	return out
}

// apiServerDefaults returns the objects as a real API server would serve
// them.
func apiServerDefaults(s *state) *state {
	for i, g := range s.Groups {
		if g.Namespace == "" {
			c := g.clone()
			c.Namespace = "default"
			s.Groups[i] = c
		}
	}
	for i, x := range s.Services {
		c := *x
		if c.Namespace == "" {
			c.Namespace = "default"
		}
		if c.Type == "" {
			c.Type = "ClusterIP"
		}
		c.Ports = append([]svcPort(nil), x.Ports...)
		for j, p := range c.Ports {
			if p.Target == nil {
				c.Ports[j].Target = &intstr{IsInt: true, Int: p.Port}
			}
			if p.Protocol == "" {
				c.Ports[j].Protocol = "TCP"
			}
		}
		s.Services[i] = &c
	}
	for i, x := range s.Endpoints {
		c := *x
		if c.Namespace == "" {
			c.Namespace = "default"
		}
		c.Subsets = append([]epSubset(nil), x.Subsets...)
		for j, ss := range c.Subsets {
			c.Subsets[j].Ports = defaultProtocols(ss.Ports)
		}
		s.Endpoints[i] = &c
	}
	for i, x := range s.Slices {
		c := *x
		if c.Namespace == "" {
			c.Namespace = "default"
		}
		c.Ports = defaultProtocols(x.Ports)
		s.Slices[i] = &c
	}
	sortObjects(s)
	return s
}

// sortObjects puts the objects of every kind in namespace/name order, in
// one file, as the API server lists them.
func sortObjects(s *state) {
	less := func(a, b *meta) bool {
		if a.ns() != b.ns() {
			return a.ns() < b.ns()
		}
		return a.Name < b.Name
	}
	sort.SliceStable(s.Groups, func(i, j int) bool { return less(&s.Groups[i].meta, &s.Groups[j].meta) })
	sort.SliceStable(s.Services, func(i, j int) bool { return less(&s.Services[i].meta, &s.Services[j].meta) })
	sort.SliceStable(s.Endpoints, func(i, j int) bool { return less(&s.Endpoints[i].meta, &s.Endpoints[j].meta) })
	sort.SliceStable(s.Slices, func(i, j int) bool { return less(&s.Slices[i].meta, &s.Slices[j].meta) })
	s.Layout = layout{Files: 1}
}
