package analysis

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// unusedBackends reports backends that nothing references (RG605) and
// default backends that no route uses because every route lists its own
// (RG606). Often a typo: the reference went to another backend. Groups
// with errors are left out; their references may not have resolved.
func unusedBackends(p *pass) {
	for _, g := range p.groups() {
		if !p.live(g) {
			continue
		}
		used := map[string]bool{}
		for _, r := range g.DefaultBackends {
			used[r.Name.V] = true
		}
		allOwn := len(g.Routes) > 0
		for _, s := range g.Routes {
			for _, r := range s.Backends {
				used[r.Name.V] = true
			}
			if len(s.Backends) == 0 {
				allOwn = false
			}
		}
		for _, b := range g.Backends {
			if b.Name.V != "" && !used[b.Name.V] {
				p.report(diag.Warning, diag.UnusedBackend, g, spanOr(b.Name.Src, b.Src), b.Path+".name",
					"backend %q is never used", b.Name.V).Hint =
					"reference it from defaultBackends or a route's backends, or remove it"
			}
		}
		if allOwn && len(g.DefaultBackends) > 0 {
			p.report(diag.Warning, diag.UnusedDefaultBackends, g, spanOr(g.DefaultBackends[0].Src, g.Src), "spec.defaultBackends",
				"defaultBackends are never used: every route lists its own backends").Hint =
				"remove defaultBackends, or remove backends from the routes that should use them"
		}
	}
}

// neverMatches reports routes whose own predicates can never all match:
// False(), Traffic with a chance of 0, or a TrafficSegment that
// is empty. Skipper keeps such a route in its table, where it only takes
// up space.
func neverMatches(p *pass) {
	for _, g := range p.groups() {
		if !p.live(g) {
			continue
		}
		for _, r := range g.Routes {
			for _, e := range r.Predicates {
				if e.Bad {
					continue
				}
				for _, c := range e.Calls {
					if why := never(c); why != "" {
						p.report(diag.Warning, diag.RouteNeverMatches, g, spanOr(c.Src, e.Text.Src), e.Path,
							"route never matches: %s", why).Hint = "remove the route, or the predicate"
					}
				}
			}
		}
	}
}

func never(c *ir.Call) string {
	num := func(i int) (float64, bool) {
		if i < len(c.Args) && c.Args[i].Kind == ir.NumberArg {
			return c.Args[i].Num, true
		}
		return 0, false
	}
	switch c.Name {
	case "False":
		return "False() matches no request"
	case "Traffic":
		if v, ok := num(0); ok && v == 0 && len(c.Args) == 1 {
			return callText(c) + " matches no request"
		}
	case "TrafficSegment":
		lo, ok1 := num(0)
		hi, ok2 := num(1)
		if ok1 && ok2 && len(c.Args) == 2 && lo == hi {
			return callText(c) + " is an empty segment"
		}
	}
	return ""
}
