package passes

import (
	"net"
	"net/url"
	"regexp"
	"sort"
	"strconv"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

const (
	backendProtocolAnnotation = "zalando.org/skipper-backend-protocol"
	zoneAwareAnnotation       = "zalando.org/traffic-zone-aware"
	minEndpointsByZone        = 3
)

// backendFailure is a problem that keeps a route from being built.
type backendFailure struct {
	code diag.Code
	msg  string
	hint string
	at   *ir.Backend
	// field names the backend field at fault ("serviceName", ...), when
	// one is.
	field string
	sev   diag.Severity
}

// applyBackends sets the backend of every base route. A backend that does
// not resolve drops, as in Skipper, the whole partition for an implicit
// route and the whole route spec (every method and backend of it) for an
// explicit one.
func applyBackends(c *Context) error {
	c.endpoints = newEndpointState()
	allowed := c.allowedNames()
	for _, p := range c.Lowered.Parts {
		var failedSpec *ir.RouteSpec
		for _, u := range p.Units {
			if p.Failed || (failedSpec != nil && u.Spec == failedSpec) {
				u.Dropped = true
				continue
			}
			if f := applyBackend(c, u, allowed); f != nil {
				reportFailure(c, u, f)
				u.Dropped = true
				if u.Spec == nil {
					p.Failed = true
					continue
				}
				failedSpec = u.Spec
				markSpecDropped(p, u.Spec)
				continue
			}
			u.Stored = true
		}
	}
	return nil
}

// markSpecDropped drops the units of spec that were built before the
// failure: Skipper had already counted them for the catch-all decision
// (stored stays set), but does not emit them.
func markSpecDropped(p *ir.Partition, spec *ir.RouteSpec) {
	for _, u := range p.Units {
		if u.Spec == spec {
			u.Dropped = true
		}
	}
}

func reportFailure(c *Context, u *ir.Unit, f *backendFailure) {
	g := u.Part.Group
	at := spanOr(u.Ref.Src, g.Src)
	path := u.Ref.Path
	if f.at != nil {
		at, path = f.at.Src, f.at.Path
		if s := fieldSpan(f.at, f.field); s.IsValid() {
			at, path = s, path+"."+f.field
		}
	}
	d := c.report(f.sev, f.code, g, at, "%s", f.msg)
	d.Path, d.Hint = path, f.hint
	if f.sev == diag.Error && c.Opts.AtomicGroups {
		c.Verdicts.Reject(g)
	}
}

func fieldSpan(b *ir.Backend, field string) src.Span {
	switch field {
	case "serviceName":
		return b.ServiceName.Src
	case "servicePort":
		return b.ServicePort.Src
	case "address":
		return b.Address.Src
	}
	return src.Span{}
}

func (c *Context) allowedNames() []*regexp.Regexp {
	if !c.Opts.OnlyAllowedExternalNames {
		return []*regexp.Regexp{regexp.MustCompile(".*")}
	}
	return c.Opts.AllowedExternalNames
}

func addressAllowed(allowed []*regexp.Regexp, address string) bool {
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	for _, rx := range allowed {
		if rx.MatchString(u.Hostname()) {
			return true
		}
	}
	return false
}

func applyBackend(c *Context, u *ir.Unit, allowed []*regexp.Regexp) *backendFailure {
	r, b := u.Route, u.Backend
	switch b.Type {
	case ir.ServiceBackend:
		if f := applyService(c, u); f != nil {
			return f
		}
	case ir.NetworkBackend:
		if !addressAllowed(allowed, b.Address.V) {
			return &backendFailure{code: diag.AddressNotAllowed, sev: diag.Error, at: b, field: "address",
				msg:  "network backend address " + strconv.Quote(b.Address.V) + " is not allowed",
				hint: "-kubernetes-only-allowed-external-names is set; the host must match a -kubernetes-allowed-external-name"}
		}
		r.Backend, r.Address = ir.NetworkRoute, b.Address.V
	case ir.LBBackend:
		for _, ep := range b.Endpoints {
			if !addressAllowed(allowed, ep.V) {
				return &backendFailure{code: diag.AddressNotAllowed, sev: diag.Error, at: b,
					msg:  "lb endpoint " + strconv.Quote(ep.V) + " is not allowed",
					hint: "endpoints are URLs such as http://10.0.0.1:8080; with -kubernetes-only-allowed-external-names the host must match a -kubernetes-allowed-external-name"}
			}
		}
		r.Backend = ir.LBRoute
		for _, ep := range b.Endpoints {
			r.LBEndpoints = append(r.LBEndpoints, lbEndpoint(ep.V))
		}
		r.LBAlgorithm = lbAlgorithm(c, b)
	case ir.ForwardBackend:
		if c.Opts.ForwardBackendURL == "" && c.once(b) {
			c.warnf(diag.ForwardWithoutURL, u.Part.Group, b.Src, b.Path,
				"forward backend %q without -forward-backend-url: the route gets an empty network backend", b.Name.V).Hint =
				"set -forward-backend-url to the address Skipper forwards to"
		}
		r.Backend, r.Address = ir.NetworkRoute, c.Opts.ForwardBackendURL
		r.Filters = nil
	case ir.ShuntBackend:
		r.Backend = ir.ShuntRoute
	case ir.LoopbackBackend:
		r.Backend = ir.LoopbackRoute
	case ir.DynamicBackend:
		r.Backend = ir.DynamicRoute
	}
	if c.Opts.BackendNameTracingTag {
		r.Filters = append(r.Filters, ir.NewCall("tracingTag", ir.String("skipper.backend_name"), ir.String(b.Name.V)))
	}
	return nil
}

// lbEndpoint moves a zone query parameter into the endpoint's zone, as
// eskip.NewLBEndpoints does.
func lbEndpoint(s string) ir.LBEndpoint {
	u, err := url.Parse(s)
	if err != nil {
		return ir.LBEndpoint{Address: s}
	}
	q := u.Query()
	zone := q.Get("zone")
	if zone == "" {
		return ir.LBEndpoint{Address: s}
	}
	q.Del("zone")
	u.RawQuery = q.Encode()
	return ir.LBEndpoint{Address: u.String(), Zone: zone}
}

func lbAlgorithm(c *Context, b *ir.Backend) string {
	if b.Algorithm.V != "" {
		return b.Algorithm.V
	}
	if knownLBAlgorithm(c.Opts.DefaultLBAlgorithm) {
		return c.Opts.DefaultLBAlgorithm
	}
	return "roundRobin"
}

func applyService(c *Context, u *ir.Unit) *backendFailure {
	g, b, r := u.Part.Group, u.Backend, u.Route
	protocol := "http"
	if p, ok := g.Annotations[backendProtocolAnnotation]; ok {
		protocol = p
	}
	if g.Annotations[zoneAwareAnnotation] == "false" {
		r.Filters = append([]*ir.Call{ir.NewCall("annotate", ir.String(zoneAwareAnnotation), ir.String("false"))}, r.Filters...)
	}
	key := ir.Key{Namespace: g.Key().Namespace, Name: b.ServiceName.V}
	if c.Opts.ServiceDNS {
		r.Backend = ir.NetworkRoute
		r.Address = protocol + "://" + net.JoinHostPort(b.ServiceName.V+"."+key.Namespace+".svc.cluster.local", strconv.Itoa(b.ServicePort.V))
		return nil
	}
	svc, ok := c.Prog.Services[key]
	if !ok {
		return serviceNotFound(c, u, key)
	}
	if !equalFold(svc.Type.V, "clusterip") {
		return &backendFailure{code: diag.ServiceNotClusterIP, sev: diag.Error, at: b, field: "serviceName",
			msg:  "service " + strconv.Quote(key.String()) + " has type " + strconv.Quote(svc.Type.V) + "; route groups support ClusterIP services only",
			hint: "use a ClusterIP Service, or a network backend for external addresses"}
	}
	target, ok := targetPort(svc, b.ServicePort.V)
	if !ok {
		return &backendFailure{code: diag.ServicePortNotFound, sev: diag.Error, at: b, field: "servicePort",
			msg:  "service " + strconv.Quote(key.String()) + " has no port " + strconv.Itoa(b.ServicePort.V),
			hint: "servicePort must equal one of the Service's spec.ports[].port: " + portList(svc)}
	}
	// Zone-aware routing applies to the external hosts only, and a group
	// can opt out with zalando.org/traffic-zone-aware: "false".
	zone, zoneOff := "", false
	if !u.Part.Internal {
		zone, zoneOff = c.Opts.TopologyZone, g.Annotations[zoneAwareAnnotation] == "false"
	}
	eps := c.endpoints.cache.lookup(c, g, key, protocol, target, zone, zoneOff)
	switch len(eps) {
	case 0:
		c.warnf(diag.NoEndpoints, g, b.Src, b.Path, "service %q has no ready endpoints for port %d; the route answers 502", key.String(), b.ServicePort.V)
		r.Filters = []*ir.Call{ir.NewCall("status", ir.Num(502)), ir.NewCall("inlineContent", ir.String("no endpoints"))}
		r.Backend = ir.ShuntRoute
	case 1:
		r.Backend, r.Address = ir.NetworkRoute, eps[0].Address
	default:
		r.Backend = ir.LBRoute
		r.LBEndpoints = eps
		r.LBAlgorithm = lbAlgorithm(c, b)
	}
	return nil
}

func serviceNotFound(c *Context, u *ir.Unit, key ir.Key) *backendFailure {
	b := u.Backend
	f := &backendFailure{code: diag.ServiceNotFound, sev: diag.Error, at: b, field: "serviceName",
		msg:  "service " + strconv.Quote(key.String()) + " not found",
		hint: "add the Service (and its Endpoints) to the input, or compile with -service-dns to route to the Service's cluster DNS name"}
	if c.Opts.CheckMode && !c.Prog.HasClusterState && !c.Opts.StrictServices {
		// Most repositories hold route groups without cluster state: check
		// the groups, warn about what cannot be resolved, and go on.
		f.sev = diag.Warning
		f.hint = "the input holds no Services; pass them, or -strict-services to make this an error"
		reportFailure(c, u, f)
		u.Route.Backend = ir.NetworkRoute
		u.Route.Address = "http://" + net.JoinHostPort(b.ServiceName.V+"."+key.Namespace+".svc.cluster.local", strconv.Itoa(b.ServicePort.V))
		return nil
	}
	return f
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// targetPort finds the target port of the first Service port equal to p.
// A port without targetPort targets itself, as the API server defaults it.
func targetPort(s *ir.Service, p int) (ir.IntOrString, bool) {
	for _, sp := range s.Ports {
		if sp.Port == p {
			if sp.TargetPort == nil {
				return ir.IntOrString{IsInt: true, Int: sp.Port}, true
			}
			return *sp.TargetPort, true
		}
	}
	return ir.IntOrString{}, false
}

func portList(s *ir.Service) string {
	var ps []string
	for _, sp := range s.Ports {
		ps = append(ps, strconv.Itoa(sp.Port))
	}
	if len(ps) == 0 {
		return "(none)"
	}
	sort.Strings(ps)
	out := ps[0]
	for _, p := range ps[1:] {
		out += ", " + p
	}
	return out
}
