package ref

import (
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Cluster is the input: route groups and the objects their service
// backends name.
type Cluster struct {
	Groups    []*Group
	Services  []*Service
	Endpoints []*Endpoints
}

// Options are the conversion options the interpreter models, named after
// Skipper's flags.
type Options struct {
	EastWest        bool     // -enable-kubernetes-east-west
	EastWestDomain  string   // -kubernetes-east-west-domain
	RangeDomains    []string // -kubernetes-east-west-range-domains
	HTTPSRedirect   bool     // -kubernetes-https-redirect
	RedirectCode    int      // -kubernetes-https-redirect-code
	DisableCatchAll bool     // -kubernetes-disable-catchall-routes
	TracingTag      bool     // -opentracing-backend-name-tag
	DefaultLB       string   // -kubernetes-default-lb-algorithm
	ForwardURL      string   // -forward-backend-url
}

// Group is a RouteGroup. An empty Namespace is "default" (§2.1).
type Group struct {
	Namespace, Name string
	Annotations     map[string]string
	Hosts           []string
	Backends        []*Backend
	DefaultBackends []Ref
	Routes          []*Route
}

// Backend is an entry of spec.backends; an empty Type is "service".
type Backend struct {
	Name, Type  string
	Address     string
	ServiceName string
	ServicePort int
	Algorithm   string
	Endpoints   []string
}

// Ref is a backend reference.
type Ref struct {
	Name   string
	Weight int
}

// Route is an entry of spec.routes.
type Route struct {
	Path, PathSubtree, PathRegexp string
	Methods                       []string
	Predicates, Filters           []Call
	Backends                      []Ref
}

// Call is a predicate or filter; Args hold float64 or string values.
type Call struct {
	Name string
	Args []any
}

// Service is a core/v1 Service. An empty Type is ClusterIP (§5.1).
type Service struct {
	Namespace, Name, Type string
	Ports                 []ServicePort
}

// ServicePort is a Service port; a nil TargetPort targets Port itself.
type ServicePort struct {
	Name       string
	Port       int
	TargetPort *PortRef
}

// PortRef is an int-or-string target port: a Name, or else a Number.
type PortRef struct {
	Number int
	Name   string
}

// Endpoints is a core/v1 Endpoints object.
type Endpoints struct {
	Namespace, Name string
	Subsets         []Subset
}

// Subset is an Endpoints subset: ready addresses and ports.
type Subset struct {
	Addresses []string
	Ports     []EndpointPort
}

// EndpointPort is a port of an Endpoints subset.
type EndpointPort struct {
	Name string
	Port int
}

// Kind is the kind of an outcome.
type Kind int

const (
	// RouteOutcome: a route entry (or the implicit route of a group
	// without routes) serves the request with one of its backends.
	RouteOutcome Kind = iota
	// Redirect: the route's HTTPS redirect answers (§8.3).
	Redirect
	// CatchAll: the group's catch-all for the request's host answers
	// (§8.2).
	CatchAll
	// GlobalRedirect: the global kube__redirect route answers (§8.3).
	GlobalRedirect
)

// String names the kind: "route", "redirect", "catch-all" or "global
// redirect".
func (k Kind) String() string {
	return [...]string{"route", "redirect", "catch-all", "global redirect"}[k]
}

// Outcome is one way the request may be served.
type Outcome struct {
	Kind Kind
	// Group is "namespace/name"; empty for the global redirect.
	Group string
	// Route is the index in spec.routes, -1 for the implicit route of a
	// group without routes; Backend the index of the backend reference.
	Route, Backend int
	// Host is the host of a catch-all.
	Host    string
	Filters []Call
	Target  Target
}

// Target is where a route sends the request, as eskip writes backends.
type Target struct {
	Type      string // "network", "shunt", "loopback", "dynamic" or "lb"
	Address   string
	Endpoints []string // sorted, without zones
	Algorithm string
}

const (
	forwardedProto   = "X-Forwarded-Proto"
	redirectAnnot    = "zalando.org/skipper-ingress-redirect"
	protocolAnnot    = "zalando.org/skipper-backend-protocol"
	zoneAwareAnnot   = "zalando.org/traffic-zone-aware"
	defaultEastWest  = "skipper.cluster.local"
	defaultRedirect  = 308
	defaultAlgorithm = "roundRobin"
)

func (g *Group) namespace() string {
	if g.Namespace == "" {
		return "default"
	}
	return g.Namespace
}

// ID is "namespace/name".
func (g *Group) ID() string { return g.namespace() + "/" + g.Name }

// Allowed lists the outcomes the semantics permit for req.
func Allowed(c *Cluster, o Options, req *http.Request) []Outcome {
	var out []Outcome
	if o.HTTPSRedirect && headerIs(req, forwardedProto, "http") {
		out = append(out, Outcome{Kind: GlobalRedirect, Route: -1, Backend: -1, Filters: redirectFilters(o), Target: Target{Type: "shunt"}})
	}
	for _, g := range c.Groups {
		out = append(out, groupOutcomes(c, o, g, req)...)
	}
	return out
}

// hostMatch: §7.1, a host matches itself with an optional trailing dot
// and an optional port.
func hostMatch(host, reqHost string) bool {
	if h, port, err := net.SplitHostPort(reqHost); err == nil && port != "" && isDigits(port) {
		reqHost = h
	}
	return reqHost == host || reqHost == host+"."
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func hasSuffixAny(h string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// reach says how the request's host reaches a group: through one of
// its hosts (external or internal, §7.3), through no host at all (a
// group without hosts), or through its east-west name (§7.2).
type reach struct {
	internal, eastWest bool
	host               string // the listed host that matched, for catch-alls
}

func groupReaches(o Options, g *Group, reqHost string) []reach {
	hosts := uniq(g.Hosts)
	var out []reach
	if len(hosts) == 0 {
		out = append(out, reach{})
	}
	for _, h := range hosts {
		if hostMatch(h, reqHost) {
			out = append(out, reach{internal: len(o.RangeDomains) > 0 && hasSuffixAny(h, o.RangeDomains), host: h})
			break
		}
	}
	if o.EastWest && eastWestName(o, g, hosts, reqHost) {
		out = append(out, reach{eastWest: true})
	}
	return out
}

// eastWestName: §7.2, the request is for NAME.NAMESPACE.DOMAIN and the
// group has an east-west copy of its external routes.
func eastWestName(o Options, g *Group, hosts []string, reqHost string) bool {
	domain := strings.Trim(o.EastWestDomain, ".")
	if o.EastWestDomain == "" {
		domain = defaultEastWest
	}
	// §7.3: copies are made of external routes only; a group whose
	// hosts are all internal has none. §7.2 says "unless a host of the
	// group already ends in the domain"; Skipper (and rgc) look at the
	// external hosts only, which is what this follows.
	var external []string
	for _, h := range hosts {
		if !(len(o.RangeDomains) > 0 && hasSuffixAny(h, o.RangeDomains)) {
			external = append(external, h)
		}
	}
	if len(hosts) > 0 && len(external) == 0 {
		return false
	}
	for _, h := range external {
		if strings.HasSuffix(h, domain) {
			return false
		}
	}
	return hostMatch(g.Name+"."+g.namespace()+"."+domain, reqHost)
}

func groupOutcomes(c *Cluster, o Options, g *Group, req *http.Request) []Outcome {
	var out []Outcome
	for _, rc := range groupReaches(o, g, req.Host) {
		if rc.host != "" && !o.DisableCatchAll {
			out = append(out, Outcome{Kind: CatchAll, Group: g.ID(), Route: -1, Backend: -1, Host: rc.host, Target: Target{Type: "shunt"}})
		}
		// §8.3: external routes get the redirect; internal ones (§7.3)
		// and east-west copies (§8.5: a route's copy and its redirect are
		// both made from the route) do not.
		redirect := !rc.internal && !rc.eastWest && redirectEnabled(o, g) && headerIs(req, forwardedProto, "http")
		out = append(out, reachOutcomes(c, o, g, req, redirect)...)
	}
	return out
}

func reachOutcomes(c *Cluster, o Options, g *Group, req *http.Request, redirect bool) []Outcome {
	var out []Outcome
	if len(g.Routes) == 0 {
		// §1.3: a backend that fails drops the whole group.
		os, _ := entryOutcomes(c, o, g, -1, nil, g.DefaultBackends, redirect)
		return os
	}
	for i, r := range g.Routes {
		if !routeMatches(r, req) {
			continue
		}
		refs := r.Backends
		if len(refs) == 0 {
			refs = g.DefaultBackends
		}
		// §1.3: a backend that fails drops the route entry.
		if os, ok := entryOutcomes(c, o, g, i, r, refs, redirect && !matchesOnProto(r)); ok {
			out = append(out, os...)
		}
	}
	return out
}

func redirectEnabled(o Options, g *Group) bool {
	switch g.Annotations[redirectAnnot] {
	case "true":
		return true
	case "false":
		return false
	}
	return o.HTTPSRedirect
}

// matchesOnProto: §8.3, a route that matches on X-Forwarded-Proto gets
// no redirect.
func matchesOnProto(r *Route) bool {
	for _, p := range r.Predicates {
		if (p.Name == "Header" || p.Name == "HeaderRegexp") && len(p.Args) > 0 && p.Args[0] == forwardedProto {
			return true
		}
	}
	return false
}

func redirectFilters(o Options) []Call {
	code := o.RedirectCode
	if code <= 0 {
		code = defaultRedirect
	}
	return []Call{{Name: "redirectTo", Args: []any{float64(code), "https:"}}}
}

// entryOutcomes returns the outcomes of one route entry (r nil for the
// implicit route): one per backend reference with a positive share
// (§6.1). ok is false when a backend does not resolve.
func entryOutcomes(c *Cluster, o Options, g *Group, ri int, r *Route, refs []Ref, redirect bool) ([]Outcome, bool) {
	shares := Shares(refs)
	var out []Outcome
	for bi, ref := range refs {
		b := backendNamed(g, ref.Name)
		if b == nil {
			return nil, false
		}
		var filters []Call
		if r != nil {
			filters = append(filters, r.Filters...)
		}
		t, fs, ok := resolve(c, o, g, b, filters)
		if !ok {
			return nil, false
		}
		if shares[bi] == 0 {
			continue
		}
		oc := Outcome{Kind: RouteOutcome, Group: g.ID(), Route: ri, Backend: bi, Filters: fs, Target: t}
		if redirect {
			oc.Kind, oc.Filters, oc.Target = Redirect, redirectFilters(o), Target{Type: "shunt"}
		}
		out = append(out, oc)
	}
	return out, true
}

// Shares are the normalised weights of a reference list (§6.1): weight
// over the sum, equal shares when every weight is 0.
func Shares(refs []Ref) []float64 {
	sum := 0
	for _, r := range refs {
		sum += r.Weight
	}
	out := make([]float64, len(refs))
	for i, r := range refs {
		if sum == 0 {
			out[i] = 1 / float64(len(refs))
		} else {
			out[i] = float64(r.Weight) / float64(sum)
		}
	}
	return out
}

func backendNamed(g *Group, name string) *Backend {
	for _, b := range g.Backends {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// resolve gives the target and final filters of a route to b (§3.2, §5).
func resolve(c *Cluster, o Options, g *Group, b *Backend, filters []Call) (Target, []Call, bool) {
	var t Target
	switch b.Type {
	case "", "service":
		var ok bool
		t, filters, ok = resolveService(c, o, g, b, filters)
		if !ok {
			return t, nil, false
		}
	case "network":
		t = Target{Type: "network", Address: b.Address}
	case "shunt", "loopback", "dynamic":
		t = Target{Type: b.Type}
	case "lb":
		t = Target{Type: "lb", Endpoints: withoutZones(b.Endpoints), Algorithm: algorithm(o, b)}
	case "forward":
		// §3.2: the forward backend drops the route's filters.
		t, filters = Target{Type: "network", Address: o.ForwardURL}, nil
	default:
		return t, nil, false
	}
	if o.TracingTag {
		filters = append(filters, Call{Name: "tracingTag", Args: []any{"skipper.backend_name", b.Name}})
	}
	return t, filters, true
}

func algorithm(o Options, b *Backend) string {
	if b.Algorithm != "" {
		return b.Algorithm
	}
	switch o.DefaultLB {
	case "roundRobin", "random", "consistentHash", "powerOfRandomNChoices", "weightedRoundRobin", "leastRequests":
		return o.DefaultLB
	}
	return defaultAlgorithm
}

// withoutZones drops the zone query parameter of lb endpoints, as eskip
// keeps zones apart from addresses, and sorts them.
func withoutZones(eps []string) []string {
	out := make([]string, 0, len(eps))
	for _, ep := range eps {
		if u, err := url.Parse(ep); err == nil && u.Query().Has("zone") {
			q := u.Query()
			q.Del("zone")
			u.RawQuery = q.Encode()
			ep = u.String()
		}
		out = append(out, ep)
	}
	sort.Strings(out)
	return out
}

// resolveService: §5.1 and §5.2 without EndpointSlices.
func resolveService(c *Cluster, o Options, g *Group, b *Backend, filters []Call) (Target, []Call, bool) {
	if g.Annotations[zoneAwareAnnot] == "false" {
		filters = append([]Call{{Name: "annotate", Args: []any{zoneAwareAnnot, "false"}}}, filters...)
	}
	svc := findService(c, g.namespace(), b.ServiceName)
	if svc == nil || !(svc.Type == "" || strings.EqualFold(svc.Type, "ClusterIP")) {
		return Target{}, nil, false
	}
	var port *ServicePort
	for i := range svc.Ports {
		if svc.Ports[i].Port == b.ServicePort {
			port = &svc.Ports[i]
			break
		}
	}
	if port == nil {
		return Target{}, nil, false
	}
	target := PortRef{Number: port.Port}
	if port.TargetPort != nil {
		target = *port.TargetPort
	}
	scheme := "http"
	if p, ok := g.Annotations[protocolAnnot]; ok {
		scheme = p
	}
	eps := endpointAddresses(findEndpoints(c, g.namespace(), b.ServiceName), target, scheme)
	switch len(eps) {
	case 0:
		// §5.2: the route answers 502, its filters replaced.
		return Target{Type: "shunt"}, []Call{{Name: "status", Args: []any{502.0}}, {Name: "inlineContent", Args: []any{"no endpoints"}}}, true
	case 1:
		return Target{Type: "network", Address: eps[0]}, filters, true
	}
	return Target{Type: "lb", Endpoints: eps, Algorithm: algorithm(o, b)}, filters, true
}

func findService(c *Cluster, ns, name string) *Service {
	for _, s := range c.Services {
		if nsOrDefault(s.Namespace) == ns && s.Name == name {
			return s
		}
	}
	return nil
}

func findEndpoints(c *Cluster, ns, name string) *Endpoints {
	for _, e := range c.Endpoints {
		if nsOrDefault(e.Namespace) == ns && e.Name == name {
			return e
		}
	}
	return nil
}

func nsOrDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// endpointAddresses: the first subset port that matches the target, by
// name for a named target and by number otherwise, gives SCHEME://IP:PORT
// for each address of its subset, sorted (§5.2).
func endpointAddresses(e *Endpoints, target PortRef, scheme string) []string {
	if e == nil {
		return nil
	}
	for _, s := range e.Subsets {
		for _, p := range s.Ports {
			if target.Name != "" && p.Name != target.Name || target.Name == "" && p.Port != target.Number {
				continue
			}
			var out []string
			for _, a := range s.Addresses {
				out = append(out, scheme+"://"+net.JoinHostPort(a, strconv.Itoa(p.Port)))
			}
			sort.Strings(out)
			return out
		}
	}
	return nil
}
