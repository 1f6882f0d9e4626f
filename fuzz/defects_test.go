package fuzz

import (
	"regexp"
	"strconv"

	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc/diag"
)

// defect is the one problem injected into a near-valid state: which kind,
// and which object (index in state.objects()) holds it.
type defect struct {
	kind  *defectKind
	obj   int
	group string
}

// defectKind is a way to break a route group. decode marks defects that
// make Skipper's JSON decoding of the whole RouteGroup list fail (§9):
// the differential property leaves those out.
type defectKind struct {
	name   string
	code   diag.Code // the code rgc should report (informational)
	decode bool
	ok     func(s *state, g *group) bool
	apply  func(t *rapid.T, s *state, g *group)
}

func always(*state, *group) bool { return true }

// classSkipped: another controller's class; such a group is validated
// but not lowered, so only validation defects show.
func classSkipped(s *state, g *group) bool {
	v, ok := g.annotation("zalando.org/routegroup.class")
	if !ok || v == "" {
		return false
	}
	cls := s.Opts.RouteGroupClass
	if cls == "" {
		cls = "skipper"
	}
	return !regexp.MustCompile(cls).MatchString(v)
}

func lowered(s *state, g *group) bool { return !classSkipped(s, g) }

func hasRoutes(_ *state, g *group) bool { return len(g.Routes) > 0 }

func hasBackends(_ *state, g *group) bool { return len(g.Backends) > 0 }

func usedService(s *state, g *group) bool {
	if classSkipped(s, g) {
		return false
	}
	for _, b := range g.usedBackends() {
		if b.ServiceName != "" {
			return true
		}
	}
	return false
}

func firstUsedService(g *group) *backend {
	for _, b := range g.usedBackends() {
		if b.ServiceName != "" {
			return b
		}
	}
	return nil
}

// anyRefs picks a reference list of the group to break.
func anyRefs(t *rapid.T, g *group) *[]backendRef {
	lists := []*[]backendRef{}
	if len(g.Defaults) > 0 {
		lists = append(lists, &g.Defaults)
	}
	for _, r := range g.Routes {
		if len(r.Backends) > 0 {
			lists = append(lists, &r.Backends)
		}
	}
	if len(lists) == 0 {
		return &g.Defaults
	}
	return lists[count(t, "refList", 0, len(lists)-1)]
}

func anyRoute(t *rapid.T, g *group) *route { return g.Routes[count(t, "route", 0, len(g.Routes)-1)] }

var defectKinds = []*defectKind{
	{name: "no-backends", code: diag.NoBackends, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { g.Backends = nil }},
	{name: "unnamed-backend", code: diag.UnnamedBackend, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Type: "shunt"})
		}},
	{name: "duplicate-backend", code: diag.DuplicateBackend, ok: hasBackends,
		apply: func(t *rapid.T, s *state, g *group) {
			b := *g.Backends[0]
			g.Backends = append(g.Backends, &b)
		}},
	{name: "unknown-type", code: diag.UnknownBackendType, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: pick(t, "badType", "services", "Shunt", "http")})
		}},
	{name: "unknown-algorithm", code: diag.UnknownAlgorithm, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: "lb", Endpoints: lbEndpoints[:1], Algorithm: "fastest"})
		}},
	{name: "network-no-address", code: diag.MissingAddress, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: "network"})
		}},
	{name: "bad-address", code: diag.InvalidAddress, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: "network",
				Address: pick(t, "badAddress", "http://example.org/path", "example.org", "http://x?q=1")})
		}},
	{name: "service-no-name", code: diag.MissingServiceName, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: "service", ServicePort: 80})
		}},
	{name: "bad-service-port", code: diag.InvalidServicePort, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", ServiceName: "svc-a", ServicePort: pick(t, "badPort", 70000, 0, -1)})
		}},
	{name: "lb-no-endpoints", code: diag.MissingEndpoints, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.Backends = append(g.Backends, &backend{Name: "odd", Type: "lb"})
		}},
	{name: "unnamed-ref", code: diag.UnnamedBackendRef, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { l := anyRefs(t, g); *l = append(*l, backendRef{}) }},
	{name: "unknown-ref", code: diag.UnknownBackendRef, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { l := anyRefs(t, g); *l = append(*l, backendRef{Name: "nope"}) }},
	{name: "duplicate-ref", code: diag.DuplicateBackendRef, ok: hasBackends,
		apply: func(t *rapid.T, s *state, g *group) {
			l := anyRefs(t, g)
			if len(*l) == 0 {
				*l = []backendRef{{Name: g.Backends[0].Name}}
			}
			*l = append(*l, (*l)[0])
		}},
	{name: "negative-weight", code: diag.NegativeWeight, ok: hasBackends,
		apply: func(t *rapid.T, s *state, g *group) {
			l := anyRefs(t, g)
			if len(*l) == 0 {
				*l = []backendRef{{Name: g.Backends[0].Name}}
			}
			(*l)[0].Weight, (*l)[0].HasWeight = -pick(t, "negWeight", 1, 5), true
		}},
	{name: "no-refs", code: diag.NoBackendRef, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { g.Defaults, g.Routes = nil, nil }},
	{name: "route-no-backends", code: diag.NoBackendRef, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) { g.Defaults = nil; anyRoute(t, g).Backends = nil }},
	{name: "path-and-subtree", code: diag.PathAndPathSubtree, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) {
			r := anyRoute(t, g)
			r.Path, r.PathSubtree = pick(t, "path", paths...), pick(t, "subtree", paths...)
		}},
	{name: "empty-method", code: diag.EmptyMethod, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) { r := anyRoute(t, g); r.Methods = append(r.Methods, "") }},
	{name: "predicate-syntax", code: diag.PredicateSyntax, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) {
			r := anyRoute(t, g)
			r.Predicates = append(r.Predicates, pick(t, "badPredicate", brokenPredicates...))
		}},
	{name: "filter-syntax", code: diag.FilterSyntax, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) {
			r := anyRoute(t, g)
			r.Filters = append(r.Filters, pick(t, "badFilter", brokenFilters...))
		}},
	{name: "bad-regexp", code: diag.InvalidRegexp, ok: func(s *state, g *group) bool { return hasRoutes(s, g) && lowered(s, g) },
		apply: func(t *rapid.T, s *state, g *group) {
			r := anyRoute(t, g)
			if chance(t, "inPredicate", 50) {
				r.Predicates = append(r.Predicates, `HeaderRegexp("X", /(/)`)
			} else {
				r.PathRegexp = pick(t, "badRegexp", "(", "a**", `\p`)
			}
		}},
	{name: "duplicate-host", code: diag.DuplicateHost, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			if len(g.Hosts) == 0 {
				g.Hosts = []string{hostPool[0]}
			}
			g.Hosts = append(g.Hosts, g.Hosts[0])
		}},
	{name: "missing-name", code: diag.MissingField, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { g.Name = "" }},
	{name: "missing-spec", code: diag.MissingSpec, ok: always,
		apply: func(t *rapid.T, s *state, g *group) { setRaw(g, "spec", "null") }},
	{name: "service-missing", code: diag.ServiceNotFound, ok: usedService,
		apply: func(t *rapid.T, s *state, g *group) { firstUsedService(g).ServiceName = "svc-missing" }},
	{name: "service-port-missing", code: diag.ServicePortNotFound, ok: usedService,
		apply: func(t *rapid.T, s *state, g *group) { firstUsedService(g).ServicePort = 9999 }},

	// Decoding defects: Skipper rejects the whole RouteGroup list. An
	// unclosed quoted scalar is not among the syntax defects: it may run
	// on into the next document, where the parser notices it.
	{name: "route-not-mapping", code: diag.InvalidRoute, decode: true, ok: hasRoutes,
		apply: func(t *rapid.T, s *state, g *group) {
			setRaw(g, "spec.routes[0]", pick(t, "notRoute", `"/x"`, "42", "[]"))
		}},
	{name: "wrong-type", code: diag.WrongType, decode: true, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			w := pick(t, "wrongType", [2]string{"spec.hosts", "5"}, [2]string{"spec.backends[0].name", "[a]"},
				[2]string{"spec.backends", "{}"}, [2]string{"metadata.annotations", "[x]"})
			setRaw(g, w[0], w[1])
		}},
	{name: "fraction-weight", code: diag.InvalidNumber, decode: true, ok: hasBackends,
		apply: func(t *rapid.T, s *state, g *group) {
			l := anyRefs(t, g)
			if len(*l) == 0 {
				*l = []backendRef{{Name: g.Backends[0].Name}}
			}
			(*l)[0].HasWeight = true
			setRaw(g, refPath(g, l)+".weight", pick(t, "badNumber", "1.5", "1e3", "0x10", "\"10\""))
		}},
	{name: "yaml-syntax", code: diag.YAMLSyntax, decode: true, ok: always,
		apply: func(t *rapid.T, s *state, g *group) {
			g.extra = pick(t, "syntax", "\tbroken: 1\n", "broken: [1, 2\n", "broken: {a: 1\n", "- item\n", "broken: @x\n")
		}},
}

func setRaw(g *group, path, text string) {
	if g.raw == nil {
		g.raw = map[string]string{}
	}
	g.raw[path] = text
}

// refPath is the YAML path of the first entry of a reference list.
func refPath(g *group, l *[]backendRef) string {
	if l == &g.Defaults {
		return "spec.defaultBackends[0]"
	}
	for i, r := range g.Routes {
		if l == &r.Backends {
			return "spec.routes[" + itoa(i) + "].backends[0]"
		}
	}
	return "spec.defaultBackends[0]"
}

func itoa(i int) string { return strconv.Itoa(i) }

// differentialDefects are the defects Skipper's converter handles one
// group at a time.
var differentialDefects = func() []*defectKind {
	var out []*defectKind
	for _, k := range defectKinds {
		if !k.decode {
			out = append(out, k)
		}
	}
	return out
}()

// injectDefect breaks one route group of s with one of kinds and records
// where. It returns false when no group can take any of the kinds.
func injectDefect(t *rapid.T, s *state, kinds []*defectKind) bool {
	if len(s.Groups) == 0 {
		return false
	}
	return injectDefectAt(t, s, count(t, "defectGroup", 0, len(s.Groups)-1), kinds)
}

// injectDefectAt breaks group gi of s.
func injectDefectAt(t *rapid.T, s *state, gi int, kinds []*defectKind) bool {
	g := s.Groups[gi]
	var usable []*defectKind
	for _, k := range kinds {
		if k.ok(s, g) {
			usable = append(usable, k)
		}
	}
	if len(usable) == 0 {
		return false
	}
	k := pick(t, "defect", usable...)
	k.apply(t, s, g)
	s.Defect = &defect{kind: k, obj: gi, group: g.id()}
	return true
}
