package passes

import (
	"fmt"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// GroupRoutes are the routes one group contributes, in output order,
// before routes of different groups with the same id are resolved.
type GroupRoutes struct {
	Group  *ir.RouteGroup
	Routes []*ir.Route
	// Uses records the endpoint lookups of the group, for the incremental
	// compiler to reproduce Skipper's scheme cache (see endpointCache).
	Uses []SchemeUse
}

// SchemeUse is one endpoint lookup: the service and target port, the
// scheme the group asked for and the scheme it got.
type SchemeUse struct {
	Service   ir.Key
	Target    string
	Scheme    string
	Effective string
}

// emit collects each group's routes in Skipper's order: per group the
// external then the internal partition; per base route the route, its
// east-west copy and its redirect; then the catch-alls.
func emit(c *Context) error {
	var cur *GroupRoutes
	for _, p := range c.Lowered.Parts {
		if p.Failed {
			continue
		}
		if cur == nil || cur.Group != p.Group {
			cur = &GroupRoutes{Group: p.Group}
			c.Groups = append(c.Groups, cur)
		}
		p.EachRoute(func(r *ir.Route) { cur.Routes = append(cur.Routes, r) })
	}
	for _, gr := range c.Groups {
		if c.Verdicts.Rejected(gr.Group) {
			gr.Routes = nil
		}
		gr.Uses = c.endpoints.uses[gr.Group]
	}
	return nil
}

// assemble builds the table from the groups' routes.
func assemble(c *Context) error {
	c.Table = &ir.Table{Routes: Assemble(c.Groups, c.Opts, c.Diags)}
	return nil
}

// Assemble builds the table from the groups' routes, in group order: the
// first route of an id wins and the others are reported (RG601), as in
// Skipper; then the global routes follow.
func Assemble(groups []*GroupRoutes, opts *Options, diags *diag.List) []*ir.Route {
	c := &Context{Opts: opts, Diags: diags}
	n := 0
	for _, g := range groups {
		n += len(g.Routes)
	}
	seen := make(map[string]*ir.Route, n)
	out := make([]*ir.Route, 0, n+3)
	add := func(r *ir.Route) {
		if prev, ok := seen[r.ID]; ok {
			if prev.Group != r.Group || routeText(prev) != routeText(r) {
				reportCollision(c, prev, r)
			}
			return
		}
		seen[r.ID] = r
		out = append(out, r)
	}
	for _, g := range groups {
		for _, r := range g.Routes {
			add(r)
		}
	}
	for _, r := range GlobalRoutes(opts) {
		add(r)
	}
	return out
}

// GlobalRoutes are the routes Skipper's data client adds besides the
// groups': the health check routes and the global HTTPS redirect.
func GlobalRoutes(opts *Options) []*ir.Route {
	var out []*ir.Route
	if opts.Healthcheck {
		out = append(out, healthcheckRoutes()...)
	}
	if opts.HTTPSRedirect {
		c := &Context{Opts: opts}
		out = append(out, &ir.Route{
			ID: "kube__redirect",
			Predicates: []*ir.Call{
				ir.NewCall("Weight", ir.Num(1000)),
				ir.NewCall("Header", ir.String(forwardedProto), ir.String("http")),
			},
			Filters: []*ir.Call{ir.NewCall("redirectTo", ir.Num(float64(c.redirectCode())), ir.String("https:"))},
			Backend: ir.ShuntRoute,
		})
	}
	return out
}

func reportCollision(c *Context, kept, dropped *ir.Route) {
	g := dropped.Group
	if g == nil {
		g = kept.Group
	}
	where := "a global route"
	if kept.Group != nil {
		where = "route group " + kept.Group.ID()
		if kept.Group.Src.IsValid() {
			where += " (" + kept.Group.Src.String() + ")"
		}
	}
	d := c.report(diag.Warning, diag.RouteIDCollision, g, srcOf(dropped), "route id %q is also produced by %s; Skipper keeps that one and drops this route", dropped.ID, where)
	d.Hint = "route ids fold every character outside [a-zA-Z0-9_] of namespace, name and host to \"_\"; rename one of the groups or hosts"
}

func srcOf(r *ir.Route) (s src.Span) {
	if r.Spec != nil {
		return r.Spec.Src
	}
	if r.Group != nil {
		return r.Group.Src
	}
	return s
}

// internalCIDRs are the source ranges of Skipper's health check routes.
var internalCIDRs = []string{"10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12", "127.0.0.1/8", "fd00::/8", "::1/128"}

// healthcheckRoutes are Skipper's kube__healthz_up/down routes
// (-kubernetes-healthcheck), as Skipper builds them at its default log
// level.
func healthcheckRoutes() []*ir.Route {
	src := make([]ir.Arg, len(internalCIDRs))
	for i, c := range internalCIDRs {
		src[i] = ir.String(c)
	}
	path := ir.NewCall("Path", ir.String("/kube-system/healthz"))
	source := ir.NewCall("Source", src...)
	return []*ir.Route{{
		ID:         "kube__healthz_up",
		Predicates: []*ir.Call{path, source},
		Filters:    []*ir.Call{ir.NewCall("disableAccessLog", ir.Num(200)), ir.NewCall("status", ir.Num(200))},
		Backend:    ir.ShuntRoute,
	}, {
		ID:         "kube__healthz_down",
		Predicates: []*ir.Call{path, source, ir.NewCall("Shutdown")},
		Filters:    []*ir.Call{ir.NewCall("status", ir.Num(503))},
		Backend:    ir.ShuntRoute,
	}}
}

// routeText renders a route without its id, for comparing routes.
func routeText(r *ir.Route) string {
	var b strings.Builder
	for _, p := range r.Predicates {
		writeCall(&b, p)
		b.WriteString("&&")
	}
	for _, f := range r.Filters {
		writeCall(&b, f)
		b.WriteString("->")
	}
	fmt.Fprintf(&b, "%d %s %s", r.Backend, r.Address, r.LBAlgorithm)
	for _, ep := range r.LBEndpoints {
		b.WriteString(" " + ep.Address + "@" + ep.Zone)
	}
	return b.String()
}

func writeCall(b *strings.Builder, c *ir.Call) {
	b.WriteString(c.Name)
	b.WriteByte('(')
	for i, a := range c.Args {
		if i > 0 {
			b.WriteByte(',')
		}
		if a.Kind == ir.NumberArg {
			fmt.Fprintf(b, "%v", a.Num)
		} else {
			fmt.Fprintf(b, "%q", a.Str)
		}
	}
	b.WriteByte(')')
}
