package gen

import "fmt"

// ChangedGroup returns a copy of group i with one filter added to its
// first route (or a route added, when it has none): a typical edit. n
// makes successive changes differ.
func (s *State) ChangedGroup(i, n int) *Object {
	g := s.Groups[i].clone()
	spec := g.Get("spec").(*Object)
	routes, _ := spec.Get("routes").([]any)
	f := Styled{S: fmt.Sprintf(`setRequestHeader("X-Change", "%d")`, n)}
	if len(routes) == 0 {
		spec.Set("routes", []any{obj("pathSubtree", "/changed", "filters", []any{f})})
		return g
	}
	r := routes[0].(*Object)
	fs, _ := r.Get("filters").([]any)
	r.Set("filters", append(append([]any(nil), fs...), f))
	return g
}

// ChangedEndpoints returns a copy of Endpoints object i with its last
// address replaced: a pod rescheduled. n makes successive changes differ.
func (s *State) ChangedEndpoints(i, n int) *Object {
	e := s.Endpoints[i].clone()
	subset := e.Get("subsets").([]any)[0].(*Object)
	addrs := subset.Get("addresses").([]any)
	addrs[len(addrs)-1] = obj("ip", fmt.Sprintf("10.9.%d.%d", n/250%250, 1+n%250))
	return e
}
