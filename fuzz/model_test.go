package fuzz

// The model of a cluster state. Generators build it, render_test.go turns
// it into YAML, and the reference interpreter and the oracles read it. A
// zero or empty field is left out of the YAML.

type state struct {
	Groups    []*group
	Services  []*service
	Endpoints []*endpoints
	Slices    []*slice
	Opts      convOptions
	Layout    layout
	// Defect is the one injected defect of a near-valid state.
	Defect *defect
}

type kv struct{ K, V string }

type meta struct {
	Namespace   string // "" leaves the field out ("default")
	Name        string
	Annotations []kv
}

func (m *meta) ns() string {
	if m.Namespace == "" {
		return "default"
	}
	return m.Namespace
}

func (m *meta) id() string { return m.ns() + "/" + m.Name }

func (m *meta) annotation(k string) (string, bool) {
	for _, a := range m.Annotations {
		if a.K == k {
			return a.V, true
		}
	}
	return "", false
}

type group struct {
	meta
	Hosts    []string
	Backends []*backend
	Defaults []backendRef
	Routes   []*route
	// raw holds YAML text that replaces a field's value (a defect):
	// field path → text.
	raw map[string]string
	// extra lines appended to the document (a defect).
	extra string
}

type backend struct {
	Name        string
	Type        string // "" leaves the field out (service)
	Address     string
	ServiceName string
	ServicePort int
	Algorithm   string
	Endpoints   []string
}

type backendRef struct {
	Name      string
	Weight    int
	HasWeight bool
}

type route struct {
	Path, PathSubtree, PathRegexp string
	Methods                       []string
	Predicates, Filters           []string
	Backends                      []backendRef
}

type service struct {
	meta
	Type  string
	Ports []svcPort
}

type svcPort struct {
	Name     string
	Port     int
	Target   *intstr
	Protocol string
}

type intstr struct {
	IsInt bool
	Int   int
	Str   string
}

type endpoints struct {
	meta
	Subsets []epSubset
}

type epSubset struct {
	Addresses []string
	Ports     []epPort
}

type epPort struct {
	Name     string
	Port     int
	Protocol string
}

type slice struct {
	meta
	Service   string
	Endpoints []sliceEP
	Ports     []epPort
	NullPorts bool
}

type sliceEP struct {
	Addresses          []string
	Zone               string
	Ready, Terminating *bool
}

// layout says how the objects are spread over files and documents.
type layout struct {
	Files int // 1 to 3
	// File[i] is the file of object i (in objects() order), List[f] puts
	// all objects of file f into one List document, Order permutes the
	// objects within their files, Style picks the quoting per object.
	File  []int
	List  []bool
	Order []int
	Style []int
}

// object is any of the documents of a state, in a fixed order: groups,
// services, endpoints, slices.
type object struct {
	kind string
	meta *meta
	g    *group
	svc  *service
	ep   *endpoints
	sl   *slice
}

func (s *state) objects() []object {
	var out []object
	for _, g := range s.Groups {
		out = append(out, object{kind: "RouteGroup", meta: &g.meta, g: g})
	}
	for _, x := range s.Services {
		out = append(out, object{kind: "Service", meta: &x.meta, svc: x})
	}
	for _, x := range s.Endpoints {
		out = append(out, object{kind: "Endpoints", meta: &x.meta, ep: x})
	}
	for _, x := range s.Slices {
		out = append(out, object{kind: "EndpointSlice", meta: &x.meta, sl: x})
	}
	return out
}

// routeRefs returns the references a route uses: its own or the
// defaults.
func (g *group) routeRefs(r *route) []backendRef {
	if len(r.Backends) > 0 {
		return r.Backends
	}
	return g.Defaults
}

func (g *group) backend(name string) *backend {
	for _, b := range g.Backends {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// usedBackends lists the backends that some route or default reference
// uses, in first-use order.
func (g *group) usedBackends() []*backend {
	seen := map[string]bool{}
	var out []*backend
	use := func(rs []backendRef) {
		for _, r := range rs {
			if b := g.backend(r.Name); b != nil && !seen[r.Name] {
				seen[r.Name] = true
				out = append(out, b)
			}
		}
	}
	if len(g.Routes) == 0 {
		use(g.Defaults)
	}
	for _, r := range g.Routes {
		use(g.routeRefs(r))
	}
	return out
}

// clone deep-copies s, so that a property can change a copy.
func (s *state) clone() *state {
	c := *s
	c.Groups = make([]*group, len(s.Groups))
	for i, g := range s.Groups {
		c.Groups[i] = g.clone()
	}
	c.Services = append([]*service(nil), s.Services...)
	c.Endpoints = append([]*endpoints(nil), s.Endpoints...)
	c.Slices = append([]*slice(nil), s.Slices...)
	c.Layout.File = append([]int(nil), s.Layout.File...)
	c.Layout.List = append([]bool(nil), s.Layout.List...)
	c.Layout.Order = append([]int(nil), s.Layout.Order...)
	c.Layout.Style = append([]int(nil), s.Layout.Style...)
	return &c
}

func (g *group) clone() *group {
	c := *g
	c.Annotations = append([]kv(nil), g.Annotations...)
	c.Hosts = append([]string(nil), g.Hosts...)
	c.Backends = make([]*backend, len(g.Backends))
	for i, b := range g.Backends {
		bc := *b
		bc.Endpoints = append([]string(nil), b.Endpoints...)
		c.Backends[i] = &bc
	}
	c.Defaults = append([]backendRef(nil), g.Defaults...)
	c.Routes = make([]*route, len(g.Routes))
	for i, r := range g.Routes {
		rc := *r
		rc.Methods = append([]string(nil), r.Methods...)
		rc.Predicates = append([]string(nil), r.Predicates...)
		rc.Filters = append([]string(nil), r.Filters...)
		rc.Backends = append([]backendRef(nil), r.Backends...)
		c.Routes[i] = &rc
	}
	if g.raw != nil {
		c.raw = map[string]string{}
		for k, v := range g.raw {
			c.raw[k] = v
		}
	}
	return &c
}
