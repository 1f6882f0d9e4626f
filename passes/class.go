package passes

import (
	"regexp"

	"github.com/rgc-dev/rgc/diag"
)

const classAnnotation = "zalando.org/routegroup.class"

// routeGroupClass skips groups whose zalando.org/routegroup.class
// annotation is set, not empty, and does not match
// -kubernetes-routegroup-class (default "skipper"): another controller
// owns them.
func routeGroupClass(c *Context) error {
	cls := c.Opts.RouteGroupClass
	if cls == "" {
		cls = "skipper"
	}
	rx, err := regexp.Compile(cls)
	if err != nil {
		return err // the CLI validates the flag; a library caller passed a bad one
	}
	for _, g := range c.Prog.Groups {
		v, ok := g.Annotations[classAnnotation]
		if !ok || v == "" || rx.MatchString(v) {
			continue
		}
		c.Verdicts.Skip(g)
		c.report(diag.Info, diag.ClassMismatch, g, g.AnnotSrc[classAnnotation],
			"route group skipped: class %q does not match -kubernetes-routegroup-class %q", v, cls).Path = "metadata.annotations"
	}
	return nil
}
