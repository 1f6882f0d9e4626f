package passes

import (
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/ir"
)

// orderGroups sorts the groups as Skipper's cluster client does: by
// namespace (as the API server fills it in: "default" when none is
// written), then by name. The order decides which route wins when two ids
// collide.
//
// The program is not changed: the order is a verdict of the compilation.
func orderGroups(c *Context) error {
	order := append([]*ir.RouteGroup(nil), c.Prog.Groups...)
	sort.SliceStable(order, func(i, j int) bool { return GroupLess(order[i], order[j]) })
	c.Verdicts.Order = order
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

// expand creates the base routes of every live group: one per route spec,
// method and backend reference, with the predicates the route fields give
// and the predicates and filters the user wrote.
func expand(c *Context) error {
	c.Lowered = &ir.Lowered{}
	for _, g := range c.Verdicts.Order {
		if !c.Verdicts.Live(g) {
			continue
		}
		for _, p := range partitions(c, g) {
			expandPartition(c.Verdicts, p)
			c.Lowered.Parts = append(c.Lowered.Parts, p)
		}
	}
	return nil
}

func expandPartition(v *ir.Verdicts, p *ir.Partition) {
	g := p.Group
	ids := newIDs(g, p.Internal)
	// Calls are never changed after lowering, so routes share them.
	var host *ir.Call
	if p.HostRx != "" {
		host = ir.NewCall("Host", ir.String(p.HostRx))
	}
	if len(g.Routes) == 0 {
		for i, ref := range g.DefaultBackends {
			r := &ir.Route{ID: ids.id("all", 0, i), Group: g, Ref: ref}
			if host != nil {
				r.Predicates = append(r.Predicates, host)
			}
			p.Units = append(p.Units, &ir.Unit{Part: p, Ref: ref, Backend: v.Backend(ref), Route: r})
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
				p.Units = append(p.Units, &ir.Unit{Part: p, Spec: s, Method: m, Ref: ref, Backend: v.Backend(ref), Route: r})
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
