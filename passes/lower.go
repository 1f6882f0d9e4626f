package passes

import (
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/ir"
)

// partition is the part of a group that is lowered with one set of hosts:
// the external hosts, or (with -kubernetes-east-west-range-domains) the
// internal ones. Skipper lowers the two independently, with different route
// ids, redirect, east-west and zone settings.
type partition struct {
	group    *ir.RouteGroup
	internal bool
	hosts    []string
	hostRx   string
	units    []*unit
	catchAll []*ir.Route
	// failed: a problem dropped the whole partition (an implicit route's
	// backend did not resolve).
	failed bool
}

// unit is one base route: a route spec (nil for the implicit routes of a
// group without routes) × a method × a backend reference.
type unit struct {
	part    *partition
	spec    *ir.RouteSpec
	method  string
	ref     *ir.BackendRef
	backend *ir.Backend
	route   *ir.Route
	// share is the traffic this unit's backend gets among its siblings.
	share share
	// extra holds the routes derived from this one, in Skipper's order
	// (east-west copy, then the HTTPS redirect).
	extra []*ir.Route
	// stored: Skipper counted the route for the catch-all decision before
	// anything failed; dropped: the route is not emitted.
	stored  bool
	dropped bool
}

// lowering is the state the lowering passes share.
type lowering struct {
	parts []*partition // in output order
	cache endpointCache
	uses  map[*ir.RouteGroup][]SchemeUse
	used  map[useKey]bool
}

func (c *Context) low() *lowering {
	if c.lowered == nil {
		c.lowered = &lowering{cache: endpointCache{}, uses: map[*ir.RouteGroup][]SchemeUse{}, used: map[useKey]bool{}}
	}
	return c.lowered
}

// orderGroups sorts the groups as Skipper's cluster client does: by
// namespace (as the API server fills it in: "default" when none is
// written), then by name. The order decides which route wins when two ids
// collide.
func orderGroups(c *Context) error {
	sort.SliceStable(c.Prog.Groups, func(i, j int) bool {
		return GroupLess(c.Prog.Groups[i], c.Prog.Groups[j])
	})
	return nil
}

// GroupLess orders route groups by namespace and name.
func GroupLess(a, b *ir.RouteGroup) bool {
	ka, kb := a.Key(), b.Key()
	if ka.Namespace != kb.Namespace {
		return ka.Namespace < kb.Namespace
	}
	return ka.Name < kb.Name
}

// live reports whether g is lowered.
func live(g *ir.RouteGroup) bool { return !g.Bad && !g.Skipped }

// expand creates the base routes of every live group: one per route spec,
// method and backend reference, with the predicates the route fields give
// and the predicates and filters the user wrote.
func expand(c *Context) error {
	l := c.low()
	for _, g := range c.Prog.Groups {
		if !live(g) {
			continue
		}
		for _, p := range partitions(c, g) {
			expandPartition(p)
			l.parts = append(l.parts, p)
		}
	}
	return nil
}

func expandPartition(p *partition) {
	g := p.group
	ids := newIDs(g, p.internal)
	// Calls are never changed after lowering, so routes share them.
	var host *ir.Call
	if p.hostRx != "" {
		host = ir.NewCall("Host", ir.String(p.hostRx))
	}
	if len(g.Routes) == 0 {
		for i, ref := range g.DefaultBackends {
			r := &ir.Route{ID: ids.id("all", 0, i), Group: g, Ref: ref}
			if host != nil {
				r.Predicates = append(r.Predicates, host)
			}
			p.units = append(p.units, &unit{part: p, ref: ref, backend: ref.Backend, route: r})
		}
		return
	}
	for _, s := range g.Routes {
		refs := s.Backends
		if len(refs) == 0 {
			refs = g.DefaultBackends
		}
		for _, m := range uniqueMethods(s) {
			idMethod := strings.ToLower(m)
			if idMethod == "" {
				idMethod = "all"
			}
			for i, ref := range refs {
				r := &ir.Route{ID: ids.id(idMethod, s.Index, i), Group: g, Spec: s, Ref: ref}
				r.Predicates = routePredicates(s, host, strings.ToUpper(m))
				r.Filters = routeFilters(s)
				p.units = append(p.units, &unit{part: p, spec: s, method: m, ref: ref, backend: ref.Backend, route: r})
			}
		}
	}
}

func uniqueMethods(s *ir.RouteSpec) []string {
	if len(s.Methods) == 0 {
		return []string{""}
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range s.Methods {
		if !seen[m.V] {
			seen[m.V] = true
			out = append(out, m.V)
		}
	}
	return out
}

// routePredicates builds the predicates of an explicit route in Skipper's
// order: Path (preferred over PathSubtree), PathRegexp, Host, Method, then
// the user's.
func routePredicates(s *ir.RouteSpec, host *ir.Call, method string) []*ir.Call {
	ps := make([]*ir.Call, 0, 5+len(s.Predicates))
	if s.PathExact.V != "" {
		ps = append(ps, &ir.Call{Name: "Path", Args: []ir.Arg{{Kind: ir.StringArg, Str: s.PathExact.V, Src: s.PathExact.Src}}, Src: s.PathExact.Src})
	} else if s.PathSubtree.V != "" {
		ps = append(ps, &ir.Call{Name: "PathSubtree", Args: []ir.Arg{{Kind: ir.StringArg, Str: s.PathSubtree.V, Src: s.PathSubtree.Src}}, Src: s.PathSubtree.Src})
	}
	if s.PathRegexp.V != "" {
		ps = append(ps, &ir.Call{Name: "PathRegexp", Args: []ir.Arg{{Kind: ir.StringArg, Str: s.PathRegexp.V, Src: s.PathRegexp.Src}}, Src: s.PathRegexp.Src})
	}
	if host != nil {
		ps = append(ps, host)
	}
	if method != "" {
		ps = append(ps, ir.NewCall("Method", ir.String(method)))
	}
	for _, e := range s.Predicates {
		ps = append(ps, e.Calls...)
	}
	return ps
}

func routeFilters(s *ir.RouteSpec) []*ir.Call {
	var fs []*ir.Call
	for _, e := range s.Filters {
		fs = append(fs, e.Calls...)
	}
	return fs
}
