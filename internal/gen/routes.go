package gen

import (
	"fmt"
	"strings"
)

// refs draws backend references: one, or a weighted split over two or
// three of the backends.
func (s *State) refs(names []string, weighted bool) []any {
	n := 1
	if weighted && len(names) > 1 && s.chance(60) {
		n = 2 + s.intn(len(names)-1)
	}
	start := s.intn(len(names) - n + 1)
	weights := pick(s, [][]int{{70, 30, 0}, {90, 10, 0}, {50, 50, 0}, {80, 15, 5}, {34, 33, 33}, {100, 0, 0}}...)
	out := make([]any, n)
	for i := range n {
		r := obj("backendName", names[start+i])
		if n > 1 {
			r.Set("weight", weights[i])
		}
		out[i] = r
	}
	return out
}

var (
	subtrees = []string{"/", "/api", "/static", "/assets", "/v1", "/v2", "/admin", "/metrics"}
	paths    = []string{"/", "/login", "/logout", "/health", "/api/orders", "/api/users/me", "/checkout", "/cart"}
	regexps  = []string{`^/(foo|bar)/[0-9]+$`, `^/api/v[0-9]+/items/[a-z0-9-]+$`, `^/static/.*\.(js|css)$`, `^/u/[^/]+/profile$`}
	methods  = []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
)

// predicate draws one of the predicates people write: headers, cookies,
// query parameters, traffic splits.
func (s *State) predicate(group string) string {
	switch s.intn(7) {
	case 0:
		return `Header("X-Canary", "true")`
	case 1:
		return fmt.Sprintf(`Header("X-Tenant", "tenant-%d")`, s.intn(20))
	case 2:
		return `Cookie("session", /^[a-z0-9]{16,32}$/)`
	case 3:
		return fmt.Sprintf(`Cookie("flavour", "%s")`, pick(s, "a", "b", "canary"))
	case 4:
		return fmt.Sprintf(`QueryParam("version", "v%d")`, 1+s.intn(3))
	case 5:
		return `QueryParam("debug", /^(1|true)$/)`
	}
	return fmt.Sprintf(`Traffic(%s)`, pick(s, "0.1", ".25", "0.5", "0.05"))
}

// filter draws one of the filters people write; setRequestHeader names
// the group, so that not every string repeats.
func (s *State) filter(group string) string {
	switch s.intn(6) {
	case 0:
		return fmt.Sprintf(`setRequestHeader("X-App", "%s")`, group)
	case 1:
		return `setRequestHeader("X-Forwarded-Prefix", "/api")`
	case 2:
		return fmt.Sprintf(`ratelimit(%d, "1m")`, pick(s, 10, 20, 50, 100, 1000))
	case 3:
		return fmt.Sprintf(`responseCookie("flavour", "%s")`, pick(s, "a", "b"))
	case 4:
		return `compress()`
	}
	return `compress("text/html", "application/json")`
}

// routes draws 1 to 6 routes; a group with default backends sometimes has
// none (the implicit route).
func (s *State) routes(group string, backends []any, hasDefault bool) []any {
	if hasDefault && s.chance(10) {
		return nil
	}
	names := make([]string, len(backends))
	for i, b := range backends {
		names[i] = b.(*Object).Get("name").(string)
	}
	n := 1 + s.intn(6)
	out := make([]any, n)
	for i := range n {
		r := &Object{}
		switch k := s.intn(100); {
		case k < 40:
			r.Set("pathSubtree", pick(s, subtrees...))
		case k < 75:
			r.Set("path", pick(s, paths...))
		default:
			r.Set("pathRegexp", pick(s, regexps...))
		}
		if s.chance(30) {
			m := Flow{pick(s, methods...)}
			if s.chance(40) {
				if o := pick(s, methods...); o != m[0] {
					m = append(m, o)
				}
			}
			r.Set("methods", m)
		}
		if np := s.intn(3); np > 0 {
			ps := make([]any, 0, np)
			seen := map[string]bool{}
			for range np {
				p := s.predicate(group)
				// Two Header predicates on one name is not a route people
				// write (and not one eskip text can express, RG111).
				if k, _, _ := strings.Cut(p, ","); strings.HasPrefix(p, "Header(") && seen[k] {
					continue
				} else {
					seen[k] = true
				}
				ps = append(ps, s.styled(p))
			}
			r.Set("predicates", ps)
		}
		if nf := s.intn(3); nf > 0 {
			fs := make([]any, nf)
			for j := range fs {
				fs[j] = s.styled(s.filter(group))
			}
			r.Set("filters", fs)
		}
		if !hasDefault || s.chance(40) {
			r.Set("backends", s.refs(names, true))
		}
		out[i] = r
	}
	return out
}

// styled picks how an expression is written in YAML: mostly plain, some
// single- and some double-quoted, as people write them.
func (s *State) styled(text string) Styled {
	switch k := s.intn(100); {
	case k < 60:
		return Styled{S: text}
	case k < 85:
		return Styled{S: text, Style: '\''}
	}
	return Styled{S: text, Style: '"'}
}
