package passes

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// validatePorts checks the port written in a network address or an lb
// endpoint. Skipper's validation and Go's url.Parse take any digits, so a
// port of 0 or above 65535 reaches the proxy, and every request to the
// route fails when it dials. The error drops nothing: the table stays the
// converter's, as for RG024.
func validatePorts(c *Context, g *ir.RouteGroup, b *ir.Backend) {
	switch b.Type {
	case ir.NetworkBackend:
		checkPort(c, g, b.Address, b.Path+".address")
	case ir.LBBackend:
		for i, e := range b.Endpoints {
			checkPort(c, g, e, fmt.Sprintf("%s.endpoints[%d]", b.Path, i))
		}
	}
}

func checkPort(c *Context, g *ir.RouteGroup, s ir.Str, path string) {
	u, err := url.Parse(s.V)
	if err != nil || u.Port() == "" {
		return
	}
	if p, err := strconv.Atoi(u.Port()); err == nil && p >= 1 && p <= 65535 {
		return
	}
	d := c.report(diag.Error, diag.InvalidPort, g, s.Src, "port %q in %q is not between 1 and 65535: the proxy cannot dial it", u.Port(), s.V)
	d.Path, d.Hint = path, "write the port of the address, 1 to 65535, or leave it out for the scheme's default"
}
