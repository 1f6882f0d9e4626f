package passes

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

const (
	redirectAnnotation     = "zalando.org/skipper-ingress-redirect"
	redirectCodeAnnotation = "zalando.org/skipper-ingress-redirect-code"
	forwardedProto         = "X-Forwarded-Proto"
)

func (c *Context) redirectCode() int {
	if c.Opts.HTTPSRedirectCode <= 0 {
		return 308
	}
	return c.Opts.HTTPSRedirectCode
}

// redirectEnabled: the group's zalando.org/skipper-ingress-redirect
// annotation ("true"/"false") overrides -kubernetes-https-redirect. The
// redirect code annotation is not used for route groups, as in Skipper.
func (c *Context) redirectEnabled(g *ir.RouteGroup) bool {
	switch g.Annotations[redirectAnnotation] {
	case "true":
		return true
	case "false":
		return false
	}
	return c.Opts.HTTPSRedirect
}

// httpsRedirect adds, for every external base route that does not itself
// match on X-Forwarded-Proto, a route that redirects plain HTTP requests
// (X-Forwarded-Proto: http) to HTTPS.
func httpsRedirect(c *Context) error {
	code := float64(c.redirectCode())
	for _, p := range c.Lowered.Parts {
		if _, ok := p.Group.Annotations[redirectCodeAnnotation]; ok && c.once(p.Group) {
			d := c.warnf(diag.RedirectCodeAnnotation, p.Group, p.Group.AnnotSrc[redirectCodeAnnotation], "metadata.annotations",
				"annotation %q has no effect on route groups", redirectCodeAnnotation)
			d.Hint = "Skipper redirects route groups with -kubernetes-https-redirect-code"
		}
		if p.Internal || p.Failed || !c.redirectEnabled(p.Group) {
			continue
		}
		for _, u := range p.Units {
			if u.Dropped || hasProtoPredicate(u.Route) {
				continue
			}
			if c.Opts.TrafficAlgorithm == TrafficPredicate && u.Share.Value != 1 && c.once(redirectBypassKey{p.Group, u.Spec}) {
				reportRedirectBypass(c, u)
			}
			rr := copyRoute(u.Route)
			rr.ID = u.Route.ID + "_https_redirect"
			rr.Predicates = append(rr.Predicates, ir.NewCall("Header", ir.String(forwardedProto), ir.String("http")))
			rr.Filters = []*ir.Call{ir.NewCall("redirectTo", ir.Num(code), ir.String("https:"))}
			rr.Backend, rr.Address, rr.LBEndpoints, rr.LBAlgorithm = ir.ShuntRoute, "", nil, ""
			u.Extra = append(u.Extra, rr)
		}
	}
	return nil
}

// hasProtoPredicate: the route already decides on the forwarded protocol
// (Header or HeaderRegexp on exactly "X-Forwarded-Proto").
func hasProtoPredicate(r *ir.Route) bool {
	for _, p := range r.Predicates {
		if p.Name != "Header" && p.Name != "HeaderRegexp" {
			continue
		}
		if len(p.Args) > 0 && p.Args[0].Kind != ir.NumberArg && p.Args[0].Str == forwardedProto {
			return true
		}
	}
	return false
}

type redirectBypassKey struct {
	g *ir.RouteGroup
	s *ir.RouteSpec
}

// reportRedirectBypass: with Traffic() predicates, the redirect of a
// weighted route weighs as much as the other backends' routes, and when
// its coin fails Skipper's routing may pick one of those for a plain HTTP
// request. Skipper builds the same table; TrafficSegment() has no such
// gap, since one random number decides all segments of a request.
func reportRedirectBypass(c *Context, u *ir.Unit) {
	at, path := spanOr(u.Ref.Src, u.Part.Group.Src), u.Ref.Path
	if u.Spec != nil {
		at, path = u.Spec.Src, u.Spec.Path
	}
	d := c.report(diag.Warning, diag.RedirectBypass, u.Part.Group, at,
		"plain HTTP requests can bypass the HTTPS redirect of this weighted route")
	d.Path = path
	d.Hint = "Skipper's routing may prefer another backend's route of equal weight to the redirect when the Traffic() coin fails; " +
		"-kubernetes-backend-traffic-algorithm=traffic-segment-predicate closes the gap"
}
