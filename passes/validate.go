package passes

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// lbAlgorithms are the algorithm names Skipper's load balancer accepts; the
// empty string means "the default".
var lbAlgorithms = ir.CRDEnum("spec.backends[].algorithm")

func knownLBAlgorithm(s string) bool {
	for _, a := range lbAlgorithms {
		if a == s {
			return true
		}
	}
	return false
}

// validate applies Skipper's route group validation. Skipper stops at the
// first problem of a group; rgc reports all of them, and a group with any
// error contributes no routes, as in Skipper.
func validate(c *Context) error {
	for _, g := range c.Prog.Groups {
		if g.Name.V == "" || !g.HasSpec {
			// the front end reported these
			c.Verdicts.Reject(g)
			continue
		}
		// A group the front end already rejected may have lost a list to a
		// type error; "missing" checks would only repeat that problem.
		decoded := !g.Bad
		validateBackends(c, g, decoded)
		names := backendNames(g)
		hasDefault := len(g.DefaultBackends) > 0
		validateRefs(c, g, g.DefaultBackends, names)
		if decoded && !hasDefault && len(g.Routes) == 0 {
			c.errorf(diag.NoBackendRef, g, g.Src, "spec",
				"route group has neither defaultBackends nor routes").Hint = "add defaultBackends, or routes with backends"
		}
		for _, r := range g.Routes {
			validateRoute(c, g, r, hasDefault, names)
		}
		validateHosts(c, g)
		validateExprs(c, g)
		checkNumbers(c, g)
	}
	return nil
}

func backendNames(g *ir.RouteGroup) map[string]bool {
	m := map[string]bool{}
	for _, b := range g.Backends {
		if b.Name.V != "" {
			m[b.Name.V] = true
		}
	}
	return m
}

func validateBackends(c *Context, g *ir.RouteGroup, decoded bool) {
	if len(g.Backends) == 0 && decoded {
		c.errorf(diag.NoBackends, g, g.Src, "spec.backends", "route group without backends").Hint =
			"declare at least one backend, e.g. {name: app, type: service, serviceName: app, servicePort: 80}"
		return
	}
	seen := map[string]bool{}
	for _, b := range g.Backends {
		if b.Bad {
			c.Verdicts.Reject(g)
			continue
		}
		if b.Name.V == "" {
			c.errorf(diag.UnnamedBackend, g, b.Src, b.Path, "backend without name")
			continue
		}
		if seen[b.Name.V] {
			c.errorf(diag.DuplicateBackend, g, b.Name.Src, b.Path+".name", "duplicate backend name %q", b.Name.V)
			continue
		}
		seen[b.Name.V] = true
		validateBackend(c, g, b)
	}
}

func validateBackend(c *Context, g *ir.RouteGroup, b *ir.Backend) {
	if b.Type == ir.UnknownBackend {
		c.errorf(diag.UnknownBackendType, g, b.TypeName.Src, b.Path+".type", "unknown backend type %q", b.TypeName.V).Hint =
			"use one of service, shunt, loopback, dynamic, lb, network, forward" + didYouMean(b.TypeName.V, ir.BackendTypeNames())
		return
	}
	if b.Algorithm.V != "" && !knownLBAlgorithm(b.Algorithm.V) {
		c.errorf(diag.UnknownAlgorithm, g, b.Algorithm.Src, b.Path+".algorithm", "unknown load balancer algorithm %q", b.Algorithm.V).Hint =
			"use one of " + strings.Join(lbAlgorithms, ", ") + didYouMean(b.Algorithm.V, lbAlgorithms)
		return
	}
	validatePorts(c, g, b)
	switch b.Type {
	case ir.NetworkBackend:
		validateNetworkAddress(c, g, b)
	case ir.ServiceBackend:
		if b.ServiceName.V == "" {
			c.errorf(diag.MissingServiceName, g, b.Src, b.Path, "service backend %q without serviceName", b.Name.V)
		} else if !b.ServicePort.Set {
			c.errorf(diag.InvalidServicePort, g, b.Src, b.Path, "service backend %q without servicePort", b.Name.V).Hint =
				"set servicePort to the port of the Service, 1 to 65535"
		} else if p := b.ServicePort.V; p <= 0 || p > 65535 {
			c.errorf(diag.InvalidServicePort, g, spanOr(b.ServicePort.Src, b.Src), b.Path+".servicePort",
				"invalid servicePort %d in backend %q", p, b.Name.V).Hint = "servicePort is the port of the Service, 1 to 65535"
		}
	case ir.LBBackend:
		if len(b.Endpoints) == 0 {
			c.errorf(diag.MissingEndpoints, g, b.Src, b.Path, "lb backend %q without endpoints", b.Name.V).Hint =
				`list the endpoints, e.g. endpoints: ["http://10.0.0.1:8080"]`
		}
	}
}

func validateNetworkAddress(c *Context, g *ir.RouteGroup, b *ir.Backend) {
	if b.Address.V == "" {
		c.errorf(diag.MissingAddress, g, b.Src, b.Path, "network backend %q without address", b.Name.V).Hint =
			`set address: "https://example.org"`
		return
	}
	u, err := url.Parse(b.Address.V)
	if err != nil {
		c.errorf(diag.InvalidAddress, g, b.Address.Src, b.Path+".address", "invalid network address %q: %v", b.Address.V, unwrapURLError(err))
		return
	}
	if u.Path != "" || u.RawQuery != "" || u.Scheme == "" || u.Host == "" {
		c.errorf(diag.InvalidAddress, g, b.Address.Src, b.Path+".address",
			"network address %q does not match scheme://host", b.Address.V).Hint =
			"give only scheme and host (and port); use filters such as setPath() for paths"
	}
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func validateRefs(c *Context, g *ir.RouteGroup, refs []*ir.BackendRef, names map[string]bool) {
	seen := map[string]bool{}
	for _, r := range refs {
		if r.Bad {
			c.Verdicts.Reject(g)
			continue
		}
		if seen[r.Name.V] {
			c.errorf(diag.DuplicateBackendRef, g, spanOr(r.Name.Src, r.Src), r.Path+".backendName",
				"duplicate backend reference %q", r.Name.V)
			continue
		}
		seen[r.Name.V] = true
		switch {
		case r.Name.V == "":
			c.errorf(diag.UnnamedBackendRef, g, r.Src, r.Path, "backend reference without backendName")
		case !names[r.Name.V]:
			c.errorf(diag.UnknownBackendRef, g, r.Name.Src, r.Path+".backendName",
				"reference to unknown backend %q", r.Name.V).Hint = refHint(r.Name.V, names)
		case r.Weight.V < 0:
			c.errorf(diag.NegativeWeight, g, r.Weight.Src, r.Path+".weight",
				"negative weight %d for backend %q", r.Weight.V, r.Name.V).Hint = "weights are 0 or more; 0 sends no traffic"
		}
	}
}

func refHint(name string, names map[string]bool) string {
	var known []string
	for n := range names {
		known = append(known, n)
	}
	sortStrings(known)
	h := "declared backends: " + strings.Join(known, ", ")
	return h + didYouMean(name, known)
}

func validateRoute(c *Context, g *ir.RouteGroup, r *ir.RouteSpec, hasDefault bool, names map[string]bool) {
	if r.Bad {
		c.Verdicts.Reject(g)
		return
	}
	if !hasDefault && len(r.Backends) == 0 {
		c.errorf(diag.NoBackendRef, g, r.Src, r.Path, "route without backends, and the group has no defaultBackends").Hint =
			"add backends to the route or defaultBackends to the group"
	}
	validateRefs(c, g, r.Backends, names)
	if r.PathExact.V != "" && r.PathSubtree.V != "" {
		c.errorf(diag.PathAndPathSubtree, g, r.PathSubtree.Src, r.Path+".pathSubtree", "route sets both path and pathSubtree").Hint =
			"path matches one path exactly, pathSubtree a prefix; keep one"
	}
	for i, m := range r.Methods {
		path := fmt.Sprintf("%s.methods[%d]", r.Path, i)
		switch {
		case m.V == "":
			c.errorf(diag.EmptyMethod, g, m.Src, path, "empty method")
		case knownMethod(m.V) && m.V != strings.ToUpper(m.V):
			// Skipper upper-cases it, but the CRD's enum does not.
			d := c.report(diag.Error, diag.SchemaViolation, g, m.Src, "method %q: the API server accepts upper-case methods only", m.V)
			d.Path, d.Hint = path, "write "+strings.ToUpper(m.V)
		case !knownMethod(m.V):
			// The CRD's enum rejects it; Skipper would build a route no
			// request matches. Neither drops a route from the table.
			d := c.report(diag.Error, diag.UnknownMethod, g, m.Src,
				"unknown HTTP method %q: the API server rejects the route group, and no request would match it", m.V)
			d.Path = path
			d.Hint = "use one of " + strings.Join(httpMethods, ", ") + didYouMean(strings.ToUpper(m.V), httpMethods)
		}
	}
}

// httpMethods is the CRD's enum for methods.
var httpMethods = ir.CRDEnum("spec.routes[].methods[]")

func knownMethod(m string) bool {
	for _, k := range httpMethods {
		if strings.EqualFold(k, m) {
			return true
		}
	}
	return false
}

// hostPattern is the CRD's pattern for spec.hosts.
var hostPattern = regexp.MustCompile(ir.HostPattern)

func validateHosts(c *Context, g *ir.RouteGroup) {
	seen := map[string]bool{}
	for i, h := range g.Hosts {
		if !hostPattern.MatchString(h.V) || len(h.V) > 255 {
			// Skipper would build a Host regexp from it (a wildcard makes
			// an invalid one), but the API server rejects the group first.
			d := c.report(diag.Error, diag.SchemaViolation, g, h.Src, "host %q is not a DNS name; the API server rejects the route group", h.V)
			d.Path = fmt.Sprintf("spec.hosts[%d]", i)
			d.Hint = "hosts are lower-case DNS names without wildcards or ports, e.g. app.example.org"
		}
		if seen[h.V] {
			c.errorf(diag.DuplicateHost, g, h.Src, fmt.Sprintf("spec.hosts[%d]", i), "duplicate host %q", h.V).Hint =
				"list each host once"
		}
		seen[h.V] = true
	}
}

// validateExprs rejects groups with broken predicate or filter entries;
// the front end reported the syntax errors.
func validateExprs(c *Context, g *ir.RouteGroup) {
	for _, r := range g.Routes {
		for _, e := range r.Predicates {
			if e.Bad {
				c.Verdicts.Reject(g)
			}
		}
		for _, e := range r.Filters {
			if e.Bad {
				c.Verdicts.Reject(g)
			}
		}
	}
}
