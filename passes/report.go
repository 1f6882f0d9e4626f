package passes

import (
	"fmt"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// report adds a diagnostic for group g and returns it, so that the caller
// can set Path and Hint.
func (c *Context) report(sev diag.Severity, code diag.Code, g *ir.RouteGroup, at src.Span, format string, args ...any) *diag.Diagnostic {
	d := diag.Diagnostic{Severity: sev, Code: code, Span: at, Message: fmt.Sprintf(format, args...)}
	if g != nil {
		d.Group = g.ID()
		if !at.IsValid() {
			d.Span = g.Src
		}
	}
	c.Diags.Add(d)
	return &(*c.Diags)[len(*c.Diags)-1]
}

// errorf reports an error in g and rejects g (Verdicts): Skipper rejects the whole
// group.
func (c *Context) errorf(code diag.Code, g *ir.RouteGroup, at src.Span, path, format string, args ...any) *diag.Diagnostic {
	c.Verdicts.Reject(g)
	d := c.report(diag.Error, code, g, at, format, args...)
	d.Path = path
	return d
}

func (c *Context) warnf(code diag.Code, g *ir.RouteGroup, at src.Span, path, format string, args ...any) *diag.Diagnostic {
	d := c.report(diag.Warning, code, g, at, format, args...)
	d.Path = path
	return d
}

// spanOr returns s when it is valid and else fallback.
func spanOr(s, fallback src.Span) src.Span {
	if s.IsValid() {
		return s
	}
	return fallback
}

// once reports whether key is seen for the first time in this run, so that
// a problem of a node that several routes share is reported once.
func (c *Context) once(key any) bool {
	if c.seen == nil {
		c.seen = map[any]bool{}
	}
	if c.seen[key] {
		return false
	}
	c.seen[key] = true
	return true
}
