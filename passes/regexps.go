package passes

import (
	"regexp"
	"strings"
	"sync"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// regexpArgs lists, per predicate, which argument is a regular expression.
var regexpArgs = map[string]int{
	"PathRegexp":   0,
	"Host":         0,
	"HostAny":      -1, // not a regexp
	"HeaderRegexp": 1,
	"QueryParam":   1,
	"Cookie":       1,
}

// regexps checks that pathRegexp and the regular expression arguments of
// predicates compile. Skipper's converter passes them through and its
// routing then drops the route, so rgc reports an error but leaves the
// table as Skipper's converter builds it.
func regexps(c *Context) error {
	for _, g := range c.Prog.Groups {
		if !c.Verdicts.Live(g) {
			continue
		}
		for _, r := range g.Routes {
			if r.PathRegexp.V != "" {
				checkRegexp(c, g, r.PathRegexp.V, r.PathRegexp.Src, r.Path+".pathRegexp")
			}
			for _, e := range r.Predicates {
				for _, call := range e.Calls {
					i, ok := regexpArgs[call.Name]
					if !ok || i < 0 || i >= len(call.Args) || call.Args[i].Kind == ir.NumberArg {
						continue
					}
					checkRegexp(c, g, call.Args[i].Str, spanOr(call.Args[i].Src, e.Text.Src), e.Path)
				}
			}
		}
	}
	return nil
}

// compiled memoises whether a regular expression compiles: the same
// expressions repeat across groups and compiling dominated the pass. It
// holds the error text ("" for none) and is cleared when it grows large.
var compiled struct {
	sync.Mutex
	m map[string]string
}

func checkRegexp(c *Context, g *ir.RouteGroup, rx string, at src.Span, path string) {
	compiled.Lock()
	msg, ok := compiled.m[rx]
	compiled.Unlock()
	if !ok {
		if _, err := regexp.Compile(rx); err != nil {
			msg = strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		}
		compiled.Lock()
		if compiled.m == nil || len(compiled.m) >= 1<<14 {
			compiled.m = map[string]string{}
		}
		compiled.m[rx] = msg
		compiled.Unlock()
	}
	if msg != "" {
		d := c.report(diag.Error, diag.InvalidRegexp, g, at, "invalid regular expression %q: %s", rx, msg)
		d.Path = path
		d.Hint = "Skipper's routing drops a route whose regular expression does not compile (Go regexp syntax, RE2)"
	}
}
