package passes

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// stringArgs lists predicates whose arguments eskip's parser requires to be
// exactly this many strings: the predicates it turns into route fields.
var stringArgs = map[string]int{"Path": 1, "Host": 1, "PathRegexp": 1, "Method": 1, "Header": 2, "HeaderRegexp": 2}

// routeCheck looks at the finished routes of each route entry for what
// eskip text cannot express: the printed table would not parse with eskip
// (skipper -routes-file, the eskip tools). Skipper's converter builds such
// routes all the same, so the table keeps them. (Routes Skipper's routing
// rejects are the analysis' concern: RG508 and the registry checks.)
func routeCheck(c *Context) error {
	for _, gr := range c.Groups {
		for _, r := range gr.Routes {
			// Whether lb endpoints mix schemes depends on the backend;
			// everything else is the same for all routes of an entry.
			if b := c.Verdicts.Backend(r.Ref); r.Backend == ir.LBRoute && b != nil && mixedSchemes(r.LBEndpoints) && c.once(b) {
				d := c.report(diag.Warning, diag.NotEskip, gr.Group, spanOr(b.Src, gr.Group.Src),
					"the routes to backend %q cannot be written as eskip: lb endpoints with different schemes", b.Name.V)
				d.Path = b.Path
				d.Hint = "use one scheme for all endpoints of an lb backend; " + notEskipHint
			}
			if r.Spec == nil || !c.once(r.Spec) {
				continue
			}
			checkRoute(c, gr.Group, r)
		}
	}
	return nil
}

func checkRoute(c *Context, g *ir.RouteGroup, r *ir.Route) {
	s := r.Spec
	methods, paths := 0, 0
	headers := map[string]bool{}
	for _, p := range r.Predicates {
		switch p.Name {
		case "Path":
			paths++
		case "Method":
			methods++
		case "Header":
			if len(p.Args) == 2 && p.Args[0].Kind != ir.NumberArg {
				if headers[p.Args[0].Str] {
					invalidEskip(c, g, s, p, fmt.Sprintf("two Header predicates on %q", p.Args[0].Str),
						"match several values with one HeaderRegexp")
				}
				headers[p.Args[0].Str] = true
			}
		}
		if n, ok := stringArgs[p.Name]; ok && !allStrings(p.Args, n) {
			invalidEskip(c, g, s, p, fmt.Sprintf("%s takes %d string argument(s)", p.Name, n), "quote the arguments")
		}
	}
	if methods > 1 {
		invalidEskip(c, g, s, nil, "more than one Method predicate",
			"list the methods in the methods field only")
	}
	if paths > 1 {
		invalidEskip(c, g, s, nil, "more than one Path predicate",
			"keep one of the path field and the Path() predicates; Skipper's routing also drops such a route")
	}
}

func allStrings(args []ir.Arg, n int) bool {
	if len(args) != n {
		return false
	}
	for _, a := range args {
		if a.Kind == ir.NumberArg {
			return false
		}
	}
	return true
}

func mixedSchemes(eps []ir.LBEndpoint) bool {
	if sameSchemePart(eps) {
		// url.Parse takes the scheme from the text up to the first ":",
		// which is the same text for all: parsing each (a tenth of the
		// compile phase) cannot find two schemes.
		return false
	}
	scheme := ""
	for i, ep := range eps {
		u, err := url.Parse(ep.Address)
		if err != nil {
			continue
		}
		if i > 0 && u.Scheme != scheme {
			return true
		}
		scheme = u.Scheme
	}
	return false
}

// sameSchemePart reports whether every address has the same text up to
// and including its first ":" (or none has a ":").
func sameSchemePart(eps []ir.LBEndpoint) bool {
	if len(eps) == 0 {
		return true
	}
	first := eps[0].Address
	if i := strings.IndexByte(first, ':'); i >= 0 {
		first = first[:i+1]
	}
	for _, ep := range eps[1:] {
		a := ep.Address
		if i := strings.IndexByte(a, ':'); i >= 0 {
			a = a[:i+1]
		}
		if a != first {
			return false
		}
	}
	return true
}

func invalidEskip(c *Context, g *ir.RouteGroup, s *ir.RouteSpec, p *ir.Call, why, hint string) {
	at := s.Src
	if p != nil && p.Src.IsValid() {
		at = p.Src
	}
	d := c.report(diag.Warning, diag.NotEskip, g, spanOr(at, g.Src), "the routes of this entry cannot be written as eskip: %s", why)
	d.Path = s.Path
	d.Hint = hint + "; " + notEskipHint
}

const notEskipHint = "Skipper's converter keeps the route, but printed eskip does not parse (skipper -routes-file, eskip tools)"
