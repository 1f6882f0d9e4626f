package passes

import "github.com/rgc-dev/rgc/ir"

// resolveBackends points every backend reference of a valid group at the
// backend it names.
func resolveBackends(c *Context) error {
	for _, g := range c.Prog.Groups {
		if c.Verdicts.Rejected(g) {
			continue
		}
		byName := make(map[string]*ir.Backend, len(g.Backends))
		for _, b := range g.Backends {
			byName[b.Name.V] = b
		}
		for _, r := range g.DefaultBackends {
			c.Verdicts.Resolve(r, byName[r.Name.V])
		}
		for _, s := range g.Routes {
			for _, r := range s.Backends {
				c.Verdicts.Resolve(r, byName[r.Name.V])
			}
		}
	}
	return nil
}
