package passes

import (
	"fmt"
	"strings"

	"github.com/rgc-dev/rgc/internal/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// emit writes the table in Skipper's order (groups by namespace and name;
// per group the external then the internal partition; per base route the
// route, its east-west copy and its redirect; then the catch-alls), keeps
// the first of routes with the same id, and appends the global routes.
func emit(c *Context) error {
	seen := map[string]*ir.Route{}
	add := func(r *ir.Route) {
		if prev, ok := seen[r.ID]; ok {
			if prev.Group != r.Group || routeText(prev) != routeText(r) {
				reportCollision(c, prev, r)
			}
			return
		}
		seen[r.ID] = r
		c.Table.Routes = append(c.Table.Routes, r)
	}
	for _, p := range c.low().parts {
		if p.failed || p.group.Bad {
			continue
		}
		p.eachRoute(add)
	}
	if c.Opts.Healthcheck {
		for _, r := range healthcheckRoutes() {
			add(r)
		}
	}
	if c.Opts.HTTPSRedirect {
		add(&ir.Route{
			ID: "kube__redirect",
			Predicates: []*ir.Call{
				ir.NewCall("Weight", ir.Num(1000)),
				ir.NewCall("Header", ir.String(forwardedProto), ir.String("http")),
			},
			Filters: []*ir.Call{ir.NewCall("redirectTo", ir.Num(float64(c.redirectCode())), ir.String("https:"))},
			Backend: ir.ShuntRoute,
		})
	}
	return nil
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
