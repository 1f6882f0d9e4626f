package analysis

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// routeFieldChecks looks at the predicates a route spec writes that its
// fields already express. Skipper's routing allows one Path or PathSubtree
// per route and drops a route with more (RG508); a Method predicate
// replaces the methods field, and a Host predicate must match besides the
// group's hosts (RG507, warning); otherwise the field is just the clearer
// way to say it (RG507, info).
func routeFieldChecks(p *pass) {
	for _, g := range p.groups() {
		if !p.checked(g) {
			continue
		}
		for _, r := range g.Routes {
			routeFields(p, g, r)
		}
	}
}

func routeFields(p *pass, g *ir.RouteGroup, r *ir.RouteSpec) {
	trees := 0
	if r.PathExact.V != "" || r.PathSubtree.V != "" {
		trees = 1 // with both set, RG021 rejected the group and Path wins
	}
	for _, e := range r.Predicates {
		if e.Bad {
			continue
		}
		for _, c := range e.Calls {
			switch c.Name {
			case "Path", "PathSubtree":
				trees++
				if trees > 1 {
					p.report(diag.Error, diag.MultiplePathPredicates, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
						"route has more than one Path or PathSubtree; Skipper's routing drops it").Hint =
						"keep one of path, pathSubtree and the Path and PathSubtree predicates; add pathRegexp to narrow a path"
					continue
				}
				p.report(diag.Info, diag.PredicateForField, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
					"%s predicate in predicates", c.Name).Hint = "use the route's " + fieldFor(c.Name) + " field"
			case "Method":
				if len(r.Methods) > 0 {
					p.report(diag.Warning, diag.PredicateForField, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
						"Method predicate overrides the route's methods").Hint =
						"list the methods in methods only; Skipper keeps the last Method of a route"
					continue
				}
				p.report(diag.Info, diag.PredicateForField, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
					"Method predicate in predicates").Hint = "use the route's methods field"
			case "Host":
				if len(g.Hosts) > 0 {
					p.report(diag.Warning, diag.PredicateForField, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
						"Host predicate in a group with hosts: requests must match both").Hint =
						"list the hosts in spec.hosts only"
					continue
				}
				p.report(diag.Info, diag.PredicateForField, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
					"Host predicate in predicates").Hint = "list the hosts in spec.hosts"
			}
		}
	}
}

func fieldFor(predicate string) string {
	if predicate == "Path" {
		return "path"
	}
	return "pathSubtree"
}
