package passes

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// defaultFilters prepends the filters of -default-filters-dir to every
// route whose backend is a service. A file that does not parse is
// reported when a route uses it, and its filters are not applied, as in
// Skipper.
func defaultFilters(c *Context) error {
	if len(c.Prog.DefaultFilters) == 0 {
		return nil
	}
	reported := map[*ir.DefaultFilters]bool{}
	for _, p := range c.Lowered.Parts {
		for _, u := range p.Units {
			if u.Dropped || u.Backend.Type != ir.ServiceBackend {
				continue
			}
			key := ir.Key{Namespace: p.Group.Key().Namespace, Name: u.Backend.ServiceName.V}
			df, ok := c.Prog.DefaultFilters[key]
			if !ok {
				continue
			}
			if df.Err != "" {
				if !reported[df] {
					reported[df] = true
					c.report(diag.Warning, diag.DefaultFiltersInvalid, p.Group, u.Backend.Src,
						"default filters %q for service %q do not parse: %s", df.File, key.String(), df.Err).Path = u.Backend.Path
				}
				continue
			}
			fs := make([]*ir.Call, 0, len(df.Calls)+len(u.Route.Filters))
			fs = append(fs, df.Calls...)
			u.Route.Filters = append(fs, u.Route.Filters...)
		}
	}
	return nil
}
