package passes

import (
	"math"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// checkNumbers rejects a group with a number argument too large for a
// float64: it becomes ±Inf, which no output format can hold (JSON has no
// infinity, and eskip text prints it as a name), and no filter or
// predicate means anything by it. Only this group fails; the table of
// every other group is printed, in every format.
func checkNumbers(c *Context, g *ir.RouteGroup) {
	for _, r := range g.Routes {
		for _, list := range [][]*ir.Expr{r.Predicates, r.Filters} {
			for _, e := range list {
				for _, call := range e.Calls {
					for _, a := range call.Args {
						if a.Kind == ir.NumberArg && (math.IsInf(a.Num, 0) || math.IsNaN(a.Num)) {
							c.errorf(diag.NonFiniteNumber, g, a.Src, e.Path, "number argument of %s() overflows to %v", call.Name, a.Num).Hint =
								"numbers must fit a float64 (up to about 1.8e308); write a smaller value"
						}
					}
				}
			}
		}
	}
}
