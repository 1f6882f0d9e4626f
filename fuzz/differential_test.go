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

func TestDifferential(t *testing.T) { check(t, 1000, propDifferential) }

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
