// Package gen generates realistic cluster states for benchmarks and
// tests: route groups with the Services and Endpoints they use, written as
// a YAML stream or as the JSON List that kubectl get -o json prints.
//
// The same Config always gives the same bytes: the generator draws from a
// seeded PCG and never iterates over a map.
//
// Every generated state is valid for Skipper and for rgc: it compiles
// without errors or warnings to the table Skipper builds (gen_test.go
// checks this against Skipper's converter).
package gen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// Config describes a state.
type Config struct {
	// Groups is the number of route groups, spread over Groups/20
	// namespaces (at least one).
	Groups int
	// Seed selects the state; states of different seeds share the shape.
	Seed uint64
	// Hosts per group; 0 draws 1 to 3.
	Hosts int
}

// State is a generated cluster: route groups, Services and Endpoints, each
// list in the order it was generated.
type State struct {
	Groups    []*Object
	Services  []*Object
	Endpoints []*Object

	all []*Object // every object in the order generated
	cfg Config
	rng *rand.Rand
}

// Generate builds the state that c describes.
func Generate(c Config) *State {
	s := &State{cfg: c, rng: rand.New(rand.NewPCG(c.Seed, 0x5eed_0f_46c))}
	namespaces := max(1, c.Groups/20)
	for i := range c.Groups {
		s.group(i, fmt.Sprintf("team-%03d", i%namespaces))
	}
	return s
}

// Objects returns every object: each group followed by the Services and
// Endpoints it introduced, as a repository of manifests would hold them.
func (s *State) Objects() []*Object { return s.all }

func (s *State) intn(n int) int { return s.rng.IntN(n) }

// pick returns one of the items, uniformly.
func pick[T any](s *State, items ...T) T { return items[s.intn(len(items))] }

// chance reports true with probability p percent.
func (s *State) chance(p int) bool { return s.intn(100) < p }

var hostDomains = []string{"example.org", "teapot.example.com", "shop.example.net", "api.example.io"}

func (s *State) group(i int, ns string) {
	name := fmt.Sprintf("app-%05d", i)
	nhosts := s.cfg.Hosts
	if nhosts == 0 {
		nhosts = 1 + s.intn(3)
	}
	hosts := make([]any, nhosts)
	for h := range nhosts {
		if h == 0 {
			hosts[h] = name + "." + hostDomains[i%len(hostDomains)]
		} else {
			hosts[h] = fmt.Sprintf("%s-%d.%s", name, h, hostDomains[(i+h)%len(hostDomains)])
		}
	}
	g := obj(
		"apiVersion", "zalando.org/v1",
		"kind", "RouteGroup",
		"metadata", s.metadata(name, ns, obj("zalando.org/routegroup.class", "skipper"), i),
	)
	s.all = append(s.all, g)
	backends, services := s.backends(name, ns, i)
	spec := obj("hosts", hosts, "backends", backends)
	var defaults []any
	if s.chance(70) {
		defaults = s.refs(services, true)
		spec.Set("defaultBackends", defaults)
	}
	if routes := s.routes(name, backends, defaults != nil); routes != nil {
		spec.Set("routes", routes)
	}
	g.Set("spec", spec)
	s.Groups = append(s.Groups, g)
}

func (s *State) metadata(name, ns string, annotations *Object, i int) *Object {
	m := obj(
		"name", name,
		"namespace", ns,
		"uid", fmt.Sprintf("6f1c%04x-%04x-4e0d-9a3b-%012x", i&0xffff, s.intn(0x10000), s.rng.Uint64()&0xffffffffffff),
		"resourceVersion", strconv.Itoa(100000+s.intn(900000)),
		"creationTimestamp", fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02dZ", 1+s.intn(12), 1+s.intn(28), s.intn(24), s.intn(60), s.intn(60)),
		"labels", obj("application", name, "team", ns),
	)
	if annotations != nil {
		m.Set("annotations", annotations)
	}
	return m
}

// backends draws 1 to 3 backends, mostly services; it returns them and
// the names of all, services first, for references.
func (s *State) backends(group, ns string, i int) ([]any, []string) {
	n := 1 + s.intn(3)
	var out []any
	var names []string
	earlier := len(s.Services) // the services of earlier groups
	for b := range n {
		name := fmt.Sprintf("b%d", b)
		var be *Object
		switch r := s.intn(100); {
		case r < 82 || b == 0:
			be = obj("name", name, "type", "service")
			svc, port := fmt.Sprintf("%s-%s", group, name), pick(s, 80, 80, 8080)
			if prev := s.sharable(earlier, ns); b > 0 && prev != nil && s.chance(10) {
				// Share a service of an earlier group, as canaries and
				// migrations do.
				svc, port = prev.Name(), servicePort(prev)
			} else {
				s.service(svc, ns, port, i)
			}
			be.Set("serviceName", svc).Set("servicePort", port)
		case r < 88:
			be = obj("name", name, "type", "network", "address", fmt.Sprintf("https://ext-%d.%s", s.intn(50), pick(s, hostDomains...)))
		case r < 94:
			be = obj("name", name, "type", "shunt")
		default:
			eps := make([]any, 2+s.intn(3))
			for e := range eps {
				eps[e] = fmt.Sprintf("http://10.%d.%d.%d:8080", 100+s.intn(100), s.intn(256), 1+s.intn(254))
			}
			be = obj("name", name, "type", "lb", "endpoints", eps)
			if s.chance(50) {
				be.Set("algorithm", pick(s, "roundRobin", "random", "consistentHash", "powerOfRandomNChoices"))
			}
		}
		out = append(out, be)
		names = append(names, name)
	}
	return out, names
}

// service adds a ClusterIP Service and its Endpoints with 2 to 10
// addresses. The target port is a number or the port's name.
func (s *State) service(name, ns string, port, i int) {
	var target any = 8080
	if s.chance(40) {
		target = "http"
	}
	svc := obj(
		"apiVersion", "v1",
		"kind", "Service",
		"metadata", s.metadata(name, ns, nil, i),
		"spec", obj(
			"type", "ClusterIP",
			"clusterIP", fmt.Sprintf("10.3.%d.%d", s.intn(256), 1+s.intn(254)),
			"ports", []any{obj("name", "http", "port", port, "protocol", "TCP", "targetPort", target)},
		),
	)
	n := 2 + s.intn(9)
	addrs := make([]any, n)
	for a := range n {
		addrs[a] = obj("ip", fmt.Sprintf("10.2.%d.%d", s.intn(256), 1+s.intn(254)))
	}
	ep := obj(
		"apiVersion", "v1",
		"kind", "Endpoints",
		"metadata", s.metadata(name, ns, nil, i),
		"subsets", []any{obj(
			"addresses", addrs,
			"ports", []any{obj("name", "http", "port", 8080, "protocol", "TCP")},
		)},
	)
	s.all = append(s.all, svc, ep)
	s.Services = append(s.Services, svc)
	s.Endpoints = append(s.Endpoints, ep)
}

// sharable returns the last service of the earlier groups when it is in
// namespace ns, or nil.
func (s *State) sharable(earlier int, ns string) *Object {
	if earlier == 0 || s.Services[earlier-1].Namespace() != ns {
		return nil
	}
	return s.Services[earlier-1]
}

func servicePort(svc *Object) int {
	ports := svc.Get("spec").(*Object).Get("ports").([]any)
	return ports[0].(*Object).Get("port").(int)
}
