package passes

import (
	"github.com/rgc-dev/rgc/ir"
)

// annotations appends the predicates and filters configured for the
// group's annotations: -kubernetes-annotation-predicates and
// -kubernetes-annotation-filters-append on external routes; the east-west
// range predicates and the east-west-range annotation variants on internal
// ones. Every route of the partition gets them, catch-alls included.
func annotations(c *Context) error {
	for _, p := range c.Lowered.Parts {
		if p.Failed {
			continue
		}
		preds, filters := c.Opts.AnnotationPredicates, c.Opts.AnnotationFiltersAppend
		var always []*ir.Call
		if p.Internal {
			preds, filters = c.Opts.EastWestRangeAnnotationPredicates, c.Opts.EastWestRangeAnnotationFilters
			always = c.Opts.EastWestRangePredicates
		}
		ap := matchingPredicates(p.Group, preds)
		af := matchingFilters(p.Group, filters)
		if len(always)+len(ap)+len(af) == 0 {
			continue
		}
		p.EachRoute(func(r *ir.Route) {
			r.Predicates = append(r.Predicates, always...)
			r.Predicates = append(r.Predicates, ap...)
			r.Filters = append(r.Filters, af...)
		})
	}
	return nil
}

func matchingPredicates(g *ir.RouteGroup, as []AnnotationPredicates) []*ir.Call {
	var out []*ir.Call
	for _, a := range as {
		if v, ok := g.Annotations[a.Key]; ok && v == a.Value {
			out = append(out, a.Predicates...)
		}
	}
	return out
}

func matchingFilters(g *ir.RouteGroup, as []AnnotationFilters) []*ir.Call {
	var out []*ir.Call
	for _, a := range as {
		if v, ok := g.Annotations[a.Key]; ok && v == a.Value {
			out = append(out, a.Filters...)
		}
	}
	return out
}
