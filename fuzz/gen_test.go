package fuzz

import (
	"fmt"
	"strings"

	"pgregory.net/rapid"
)

// genConfig selects what the generators may produce.
type genConfig struct {
	// clean: a state rgc compiles without errors: valid expressions,
	// unique hosts, every used service resolves. Defects are injected
	// into clean states.
	clean bool
	// routing: only what the reference interpreter (spec/ref) models:
	// symbol-safe unique names, Endpoints (not slices), modelled
	// predicates, no annotation predicates.
	routing bool
	// groups bounds the number of route groups.
	minGroups, maxGroups int
}

var anyConfig = genConfig{maxGroups: 4}

// Pools of realistic values. The first entry of each is what shrinking
// goes to.
var (
	namespaces     = []string{"", "default", "team-a", "b"}
	groupNames     = []string{"app", "web", "my-app", "my.app", "shop"}
	safeNamespaces = []string{"default", "teama", "b"}
	safeNames      = []string{"app", "web", "shop", "api"}
	hostPool       = []string{"a.example.org", "b.example.org", "shop.example.org", "app.skipper.cluster.local",
		"api.ingress.cluster.local", "svc.internal.test", "x.example.org"}
	rangeDomainPool    = []string{".internal.test", "ingress.cluster.local"}
	backendNames       = []string{"b1", "b2", "b3", "main", "canary"}
	serviceNames       = []string{"svc-a", "svc-b", "svc-c"}
	servicePorts       = []int{80, 8080, 443}
	targetPorts        = []int{8080, 9090, 80}
	portNames          = []string{"", "http", "main"}
	ipPool             = []string{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.1.1", "fd00::5"}
	zones              = []string{"", "z1", "z2"}
	networkAddrs       = []string{"http://example.org", "https://10.0.0.9:8443", "http://backend.example.org:8080"}
	lbEndpoints        = []string{"http://10.1.0.1:8080", "http://10.1.0.2:8080", "https://lb.example.org", "http://10.1.0.3:8080?zone=z1"}
	lbAlgorithms       = []string{"", "roundRobin", "random", "consistentHash", "powerOfRandomNChoices", "leastRequests"}
	backendTypes       = []string{"service", "shunt", "network", "lb", "loopback", "dynamic", "forward"}
	paths              = []string{"/", "/api", "/api/v1", "/shop", "/a/b", "/api/"}
	pathRegexps        = []string{"^/api", "/v[0-9]+/", `\.json$`, "^/shop/[a-z]+$"}
	methodPool         = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get"}
	defaultFilterFiles = []string{"svc-a.default", "svc-b.default", "svc-a.team-a", "svc-c.b", "not-a-service"}
	allowedNames       = []string{"^example[.]org$", "[.]example[.]org$", "^10[.]", ".*"}
)

// Predicates and filters as users write them. "valid" parse and make
// sense; "odd" parse but have arguments Skipper's routing would reject
// or are otherwise unusual; "broken" do not parse as one call.
var (
	routingPredicates = []string{
		`Header("X-Test", "a")`, `HeaderRegexp("User-Agent", /Chrome/)`, `Cookie("flag", /^on$/)`,
		`QueryParam("debug")`, `QueryParam("v", "^[0-9]+$")`, `Weight(10)`, `True()`,
		`Header("X-Forwarded-Proto", "https")`,
	}
	validPredicates = append(append([]string(nil), routingPredicates...),
		`Method("GET")`, `Source("10.0.0.0/8")`, `Host(/^x[.]org$/)`, `Traffic(0.3)`,
		`PathRegexp(/\.json$/)`, `Cookie("c", "v")`, `Header("X", "a\"b")`,
	)
	oddPredicates    = []string{`Header("X")`, `Weight("x")`, `Traffic(2)`, `Cookie("c", /[/)`, `Path("/x")`, `Unknown()`}
	brokenPredicates = []string{`Header("X", )`, `Foo(`, `Header("a") && True()`, `*`, ``, `Header("a" "b")`, `Method("GET")#`}

	validFilters = []string{
		`setRequestHeader("X-Foo", "bar")`, `status(418)`, `inlineContent("hello")`, `setPath("/x")`,
		`modPath(/^\/api/, "/")`, `ratelimit(20, "1m")`, `redirectTo(302, "https://example.org")`,
		`preserveHost("true")`, `appendResponseHeader("X-A", "1")`, `tee("https://shadow.example.org")`, `compress()`,
	}
	oddFilters    = []string{`status("x")`, `unknownFilter()`, `setPath()`, `status(1.5)`}
	brokenFilters = []string{`status(`, `a() -> b()`, `-> status(1)`, ``, `setPath("/x"`}
)

func pick[T any](t *rapid.T, label string, xs ...T) T {
	return rapid.SampledFrom(xs).Draw(t, label)
}

// chance is true with the given percentage; it shrinks to false.
func chance(t *rapid.T, label string, percent int) bool {
	return rapid.IntRange(0, 99).Draw(t, label) >= 100-percent
}

func count(t *rapid.T, label string, lo, hi int) int {
	return rapid.IntRange(lo, hi).Draw(t, label)
}

// subset draws distinct elements of xs, in the order of xs.
func subset[T comparable](t *rapid.T, label string, xs []T, lo, hi int) []T {
	idx := rapid.SliceOfNDistinct(rapid.IntRange(0, len(xs)-1), lo, hi, rapid.ID[int]).Draw(t, label)
	seen := map[int]bool{}
	for _, i := range idx {
		seen[i] = true
	}
	var out []T
	for i, x := range xs {
		if seen[i] {
			out = append(out, x)
		}
	}
	return out
}

// genState draws a whole cluster state with options and layout.
func genState(t *rapid.T, cfg genConfig) *state {
	s := &state{}
	s.Opts = genOptions(t, cfg)
	s.Groups = rapid.SliceOfNDistinct(rapid.Custom(func(t *rapid.T) *group { return genGroup(t, cfg, s.Opts) }),
		cfg.minGroups, max(cfg.maxGroups, cfg.minGroups), func(g *group) string { return g.id() }).Draw(t, "groups")
	genCluster(t, cfg, s)
	s.Layout = genLayout(t, len(s.objects()))
	return s
}

func genGroup(t *rapid.T, cfg genConfig, o convOptions) *group {
	nss, names := namespaces, groupNames
	if cfg.routing {
		nss, names = safeNamespaces, safeNames
	}
	g := &group{meta: meta{Namespace: pick(t, "namespace", nss...), Name: pick(t, "name", names...)}}
	g.Annotations = genAnnotations(t, cfg)
	if cfg.clean || cfg.routing {
		g.Hosts = subset(t, "hosts", hostPool, 0, 3)
	} else {
		g.Hosts = rapid.SliceOfN(rapid.SampledFrom(hostPool), 0, 3).Draw(t, "hosts")
	}
	for _, name := range subset(t, "backends", backendNames, 1, 4) {
		g.Backends = append(g.Backends, genBackend(t, cfg, o, name))
	}
	if chance(t, "hasDefaults", 70) {
		g.Defaults = genRefs(t, g, 1)
	}
	min := 0
	if len(g.Defaults) == 0 {
		min = 1
	}
	g.Routes = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) *route { return genRoute(t, cfg, g) }), min, 3).Draw(t, "routes")
	return g
}

func genAnnotations(t *rapid.T, cfg genConfig) []kv {
	var as []kv
	if chance(t, "redirectAnnotation", 15) {
		as = append(as, kv{"zalando.org/skipper-ingress-redirect", pick(t, "redirect", "true", "false", "")})
	}
	if !cfg.routing && chance(t, "protocolAnnotation", 10) {
		as = append(as, kv{"zalando.org/skipper-backend-protocol", pick(t, "protocol", "https", "http")})
	}
	if chance(t, "zoneAnnotation", 10) {
		as = append(as, kv{"zalando.org/traffic-zone-aware", pick(t, "zoneAware", "false", "true")})
	}
	if !cfg.routing && chance(t, "classAnnotation", 10) {
		as = append(as, kv{"zalando.org/routegroup.class", pick(t, "class", "skipper", "other", "")})
	}
	if chance(t, "teamAnnotation", 25) {
		as = append(as, kv{"team", pick(t, "team", "a", "b")})
	}
	return as
}

func genBackend(t *rapid.T, cfg genConfig, o convOptions, name string) *backend {
	b := &backend{Name: name, Type: pick(t, "type", backendTypes...)}
	switch b.Type {
	case "service":
		if chance(t, "implicitService", 30) && !cfg.clean {
			// Skipper defaults the type to service, but the CRD
			// requires it (RG024)
			b.Type = ""
		}
		b.ServiceName = pick(t, "serviceName", serviceNames...)
		b.ServicePort = pick(t, "servicePort", servicePorts...)
		if chance(t, "algorithm", 20) {
			b.Algorithm = pick(t, "algorithm", lbAlgorithms...)
		}
	case "network":
		b.Address = pick(t, "address", networkAddrs...)
	case "lb":
		b.Endpoints = subset(t, "endpoints", lbEndpoints, 1, 3)
		b.Algorithm = pick(t, "algorithm", lbAlgorithms...)
	case "forward":
		if cfg.routing || cfg.clean && o.ForwardURL == "" {
			b.Type = "shunt" // a forward backend needs -forward-backend-url
		}
	}
	return b
}

// genRefs draws references to the group's backends, with weights that
// are absent, zero, tied or distinct.
func genRefs(t *rapid.T, g *group, lo int) []backendRef {
	names := make([]string, len(g.Backends))
	for i, b := range g.Backends {
		names[i] = b.Name
	}
	chosen := subset(t, "refs", names, lo, min(3, len(names)))
	perm := rapid.Permutation(chosen).Draw(t, "refOrder")
	var out []backendRef
	for _, n := range perm {
		r := backendRef{Name: n}
		if chance(t, "hasWeight", 60) {
			r.HasWeight = true
			r.Weight = pick(t, "weight", 0, 1, 10, 50, 3, 100, 7)
		}
		out = append(out, r)
	}
	return out
}

func genRoute(t *rapid.T, cfg genConfig, g *group) *route {
	r := &route{}
	switch count(t, "pathKind", 0, 3) {
	case 1:
		r.Path = pick(t, "path", paths...)
	case 2:
		r.PathSubtree = pick(t, "pathSubtree", paths...)
	case 3:
		r.Path = pick(t, "path", paths...)
		if !cfg.clean && !cfg.routing && chance(t, "bothPaths", 20) {
			r.PathSubtree = pick(t, "pathSubtree", paths...)
		}
	}
	if chance(t, "pathRegexp", 20) {
		r.PathRegexp = pick(t, "pathRegexp", pathRegexps...)
	}
	methods := methodPool
	if cfg.routing || cfg.clean {
		// "get" is for Skipper (which upper-cases it) but the CRD rejects
		// it (RG024): not clean input.
		methods = methodPool[:6]
	}
	r.Methods = subset(t, "methods", methods, 0, 2)
	r.Predicates = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string {
		return genExpr(t, cfg, "predicate", routingPredicates, validPredicates, oddPredicates, brokenPredicates)
	}), 0, 2).Draw(t, "predicates")
	r.Filters = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string {
		return genExpr(t, cfg, "filter", validFilters, validFilters, oddFilters, brokenFilters)
	}), 0, 2).Draw(t, "filters")
	if len(g.Defaults) == 0 || chance(t, "routeBackends", 50) {
		r.Backends = genRefs(t, g, 1)
	}
	return r
}

func genExpr(t *rapid.T, cfg genConfig, label string, routing, valid, odd, broken []string) string {
	switch {
	case cfg.routing:
		return pick(t, label, routing...)
	case cfg.clean:
		return pick(t, label, valid...)
	}
	switch count(t, label+"Kind", 0, 9) {
	case 8:
		return pick(t, label, odd...)
	case 9:
		return pick(t, label, broken...)
	}
	return pick(t, label, valid...)
}

func genOptions(t *rapid.T, cfg genConfig) convOptions {
	var o convOptions
	o.EastWest = chance(t, "eastWest", 30)
	if o.EastWest && chance(t, "eastWestDomain", 30) {
		o.EastWestDomain = pick(t, "domain", ".ew.example.", "cluster.local")
	}
	if chance(t, "range", 25) {
		o.RangeDomains = subset(t, "rangeDomains", rangeDomainPool, 1, 2)
		if !cfg.routing && chance(t, "rangePredicates", 50) {
			o.RangePredicates = []call{{Name: "ClientIP", Args: []any{"10.2.0.0/16"}}}
		}
	}
	o.HTTPSRedirect = chance(t, "httpsRedirect", 40)
	if o.HTTPSRedirect && chance(t, "redirectCode", 30) {
		o.RedirectCode = pick(t, "code", 301, 302, 307)
	}
	o.DisableCatchAll = chance(t, "disableCatchAll", 20)
	o.TrafficSegment = chance(t, "trafficSegment", 50)
	o.DefaultLB = pick(t, "defaultLB", "", "roundRobin", "random", "consistentHash", "bogus")
	if !cfg.routing {
		o.EndpointSlices = chance(t, "endpointSlices", 40)
		if o.EndpointSlices && chance(t, "topologyZone", 50) {
			o.TopologyZone = pick(t, "zone", "z1", "z2")
		}
		if chance(t, "annotPredicates", 20) {
			o.AnnotPredicates = []annotCalls{{Key: "team", Value: "a", Calls: []call{{Name: "Header", Args: []any{"X-Team", "a"}}}}}
		}
		if chance(t, "annotFilters", 20) {
			o.AnnotFilters = []annotCalls{{Key: "team", Value: pick(t, "annotTeam", "a", "b"), Calls: []call{{Name: "setRequestHeader", Args: []any{"X-Team", "yes"}}}}}
		}
		if len(o.RangeDomains) > 0 && chance(t, "rangeAnnot", 30) {
			o.RangeAnnotPreds = []annotCalls{{Key: "team", Value: "b", Calls: []call{{Name: "Weight", Args: []any{5.0}}}}}
			o.RangeAnnotFilts = []annotCalls{{Key: "team", Value: "b", Calls: []call{{Name: "comment", Args: []any{"internal"}}}}}
		}
		if !cfg.clean && chance(t, "onlyAllowed", 15) {
			o.OnlyAllowed = true
			o.Allowed = subset(t, "allowed", allowedNames, 0, 2)
		}
		o.RouteGroupClass = pick(t, "class", "", "skipper", "other|skipper")
	}
	o.TracingTag = chance(t, "tracingTag", 20)
	if cfg.routing || chance(t, "forward", 70) {
		o.ForwardURL = pick(t, "forwardURL", "http://forward.example.org", "https://10.9.0.1:9000")
	}
	o.Healthcheck = !cfg.routing && chance(t, "healthcheck", 40)
	if !cfg.routing && chance(t, "defaultFilters", 20) {
		for _, name := range subset(t, "filterFiles", defaultFilterFiles, 1, 3) {
			content := pick(t, "filterFile", `setRequestHeader("X-Default", "1")`, `status(200) -> inlineContent("ok")`, `comment("a") -> comment("b")`, ``)
			if !cfg.clean && chance(t, "brokenFilterFile", 20) {
				content = pick(t, "brokenFilters", brokenFilters...)
			}
			o.DefaultFilters = append(o.DefaultFilters, kv{name, content})
		}
	}
	return o
}

// genCluster draws Services, Endpoints and EndpointSlices for the
// services the groups name, matching them or not. Clean states get a
// ClusterIP Service with the right port for every used service backend.
func genCluster(t *rapid.T, cfg genConfig, s *state) {
	type key struct{ ns, name string }
	want := map[key][]int{} // used ports
	var keys []key
	for _, g := range s.Groups {
		for _, b := range g.Backends {
			if b.ServiceName == "" {
				continue
			}
			k := key{g.ns(), b.ServiceName}
			if _, ok := want[k]; !ok {
				keys = append(keys, k)
			}
			want[k] = append(want[k], b.ServicePort)
		}
	}
	for _, k := range keys {
		mustMatch := cfg.clean || cfg.routing
		if !mustMatch && !chance(t, "service", 85) {
			continue
		}
		svc := &service{meta: meta{Namespace: nsField(t, k.ns), Name: k.name}}
		if !mustMatch && chance(t, "serviceType", 10) {
			svc.Type = pick(t, "type", "NodePort", "ExternalName")
		} else if chance(t, "explicitType", 50) {
			svc.Type = pick(t, "type", "ClusterIP", "clusterIP")
		}
		ports := append([]int(nil), want[k]...)
		if !mustMatch && chance(t, "dropPort", 15) {
			ports = ports[1:]
		}
		seenPort := map[int]bool{}
		for _, p := range ports {
			if seenPort[p] {
				continue
			}
			seenPort[p] = true
			sp := svcPort{Port: p, Name: pick(t, "portName", portNames...)}
			switch count(t, "targetKind", 0, 2) {
			case 1:
				sp.Target = &intstr{IsInt: true, Int: pick(t, "targetPort", targetPorts...)}
			case 2:
				if sp.Name != "" {
					sp.Target = &intstr{Str: sp.Name}
				}
			}
			svc.Ports = append(svc.Ports, sp)
		}
		s.Services = append(s.Services, svc)
		genEndpoints(t, cfg, s, svc)
	}
}

// nsField writes the default namespace either way.
func nsField(t *rapid.T, ns string) string {
	if ns == "default" && chance(t, "omitNamespace", 30) {
		return ""
	}
	return ns
}

// targets lists the ports endpoints should carry for svc: the target
// ports by number and name.
func targets(svc *service) []epPort {
	var out []epPort
	for _, p := range svc.Ports {
		switch {
		case p.Target == nil:
			out = append(out, epPort{Name: p.Name, Port: p.Port})
		case p.Target.IsInt:
			out = append(out, epPort{Name: p.Name, Port: p.Target.Int})
		default:
			out = append(out, epPort{Name: p.Target.Str, Port: pick2(p.Port)})
		}
	}
	return out
}

func pick2(p int) int { return p + 1000 }

func genEndpoints(t *rapid.T, cfg genConfig, s *state, svc *service) {
	ports := targets(svc)
	if !cfg.clean && !cfg.routing && chance(t, "wrongPorts", 15) {
		ports = []epPort{{Name: "other", Port: 1234}}
	}
	for i := range ports {
		if chance(t, "portProtocol", 15) {
			ports[i].Protocol = pick(t, "protocol", "TCP", "UDP")
		}
	}
	if chance(t, "endpoints", 85) {
		e := &endpoints{meta: meta{Namespace: svc.Namespace, Name: svc.Name}}
		for j, n := 0, count(t, "subsets", 0, 2); j < n; j++ {
			e.Subsets = append(e.Subsets, epSubset{Addresses: subset(t, "addresses", ipPool, 0, 3), Ports: ports})
		}
		s.Endpoints = append(s.Endpoints, e)
	}
	if cfg.routing {
		return
	}
	for j, n := 0, count(t, "slices", 0, 2); j < n; j++ {
		sl := &slice{meta: meta{Namespace: svc.Namespace, Name: fmt.Sprintf("%s-%c", svc.Name, 'a'+j)}, Service: svc.Name, Ports: ports}
		sl.NullPorts = chance(t, "nullPorts", 10)
		for _, a := range subset(t, "sliceAddresses", ipPool, 0, 4) {
			e := sliceEP{Addresses: []string{a}, Zone: pick(t, "zone", zones...)}
			if chance(t, "conditions", 40) {
				r, term := chance(t, "ready", 70), chance(t, "terminating", 20)
				e.Ready, e.Terminating = &r, &term
			}
			sl.Endpoints = append(sl.Endpoints, e)
		}
		s.Slices = append(s.Slices, sl)
	}
}

func genLayout(t *rapid.T, n int) layout {
	l := layout{Files: count(t, "files", 1, 3)}
	for i := 0; i < n; i++ {
		l.File = append(l.File, count(t, "file", 0, l.Files-1))
		l.Style = append(l.Style, count(t, "style", 0, nStyles-1))
	}
	for f := 0; f < l.Files; f++ {
		l.List = append(l.List, chance(t, "list", 20))
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if chance(t, "permute", 50) {
		idx = rapid.Permutation(idx).Draw(t, "order")
	}
	l.Order = idx
	return l
}

// symbol is Skipper's toSymbol, for predicting route ids.
func symbol(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}
