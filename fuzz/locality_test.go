package fuzz

import (
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
)

// Property 4: adding, changing or breaking one route group leaves the
// routes of every other group unchanged, unless the two are entangled on
// purpose (entangled says how).

func TestLocality(t *testing.T) { check(t, 1000, propLocality) }

func FuzzLocality(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propLocality)) }

func propLocality(t *rapid.T) {
	s := genState(t, genConfig{minGroups: 1, maxGroups: 4})
	before := compile(t, render(s), s.Opts)
	s2 := s.clone()
	var old, changed *group
	switch op := pick(t, "op", "change", "break", "add"); op {
	case "add":
		changed = genGroup(t, anyConfig, s.Opts)
		for _, g := range s.Groups {
			if g.id() == changed.id() {
				return // that would be a change
			}
		}
		s2.Groups = append(s2.Groups, changed)
		// the new object goes last, into the first file
		s2.Layout.Order = append(s2.order(len(s.objects())), len(s.Groups))
		s2.Layout.Order = shiftAfter(s2.Layout.Order, len(s.Groups))
		s2.Layout.File = insertAt(s2.Layout.File, len(s.Groups), 0)
		s2.Layout.Style = insertAt(s2.Layout.Style, len(s.Groups), 0)
	case "change":
		gi := count(t, "group", 0, len(s.Groups)-1)
		old = s.Groups[gi]
		changed = genGroup(t, anyConfig, s.Opts)
		changed.meta = old.meta
		s2.Groups[gi] = changed
	case "break":
		gi := count(t, "group", 0, len(s.Groups)-1)
		old = s.Groups[gi]
		kinds := defectKinds
		if inList(s, gi) {
			kinds = withoutSyntax // a syntax error loses the whole List document
		}
		if !injectDefectAt(t, s2, gi, kinds) {
			return
		}
		changed = s2.Groups[gi]
	}
	after := compile(t, render(s2), s.Opts)
	a, b := groupRoutes(before), groupRoutes(after)
	for _, h := range s.Groups {
		if h.id() == changed.id() || entangled(s, h, changed) || old != nil && entangled(s, h, old) {
			continue
		}
		if !eqTables(a[h.id()], b[h.id()]) {
			t.Fatalf("changing %s changed the routes of %s (- before, + after):\n%s\nbefore:\n%s\nafter:\n%s",
				changed.id(), h.id(), tableDiff(a[h.id()], b[h.id()]), dump(render(s)), dump(render(s2)))
		}
	}
}

var withoutSyntax = func() []*defectKind {
	var out []*defectKind
	for _, k := range defectKinds {
		if k.name != "yaml-syntax" {
			out = append(out, k)
		}
	}
	return out
}()

// inList reports whether object i is an item of a List document.
func inList(s *state, i int) bool {
	f := 0
	if i < len(s.Layout.File) {
		f = s.Layout.File[i] % max(s.Layout.Files, 1)
	}
	return f < len(s.Layout.List) && s.Layout.List[f]
}

// shiftAfter makes room for a new object index n in an order of object
// indices: indices ≥ n move up by one, except the last entry (the new
// object itself).
func shiftAfter(order []int, n int) []int {
	out := make([]int, len(order))
	for i, x := range order {
		if i < len(order)-1 && x >= n {
			x++
		}
		out[i] = x
	}
	return out
}

func insertAt(xs []int, i, v int) []int {
	if i > len(xs) {
		return xs
	}
	out := append([]int(nil), xs[:i]...)
	out = append(out, v)
	return append(out, xs[i:]...)
}

func groupRoutes(res *rgc.Result) map[string][]*eskip.Route {
	m := map[string][]*eskip.Route{}
	for _, g := range res.Groups {
		m[g.ID] = append(m[g.ID], g.Routes...)
	}
	return m
}

// entangled reports whether a change of g may change h's routes by
// design:
//   - their route ids can collide (namespace and name fold to the same
//     symbols), and Skipper keeps the first route of an id;
//   - they share a host, so their catch-all routes share an id;
//   - they use the same service and one of them sets
//     zalando.org/skipper-backend-protocol: Skipper caches endpoints per
//     service and target port, so the scheme of the first lookup wins
//     (spec §5.2).
func entangled(s *state, h, g *group) bool {
	if symbol(h.ns()) == symbol(g.ns()) && symbol(h.Name) == symbol(g.Name) {
		return true
	}
	for _, x := range h.Hosts {
		for _, y := range g.Hosts {
			if symbol(x) == symbol(y) {
				return true
			}
		}
	}
	_, hp := h.annotation("zalando.org/skipper-backend-protocol")
	_, gp := g.annotation("zalando.org/skipper-backend-protocol")
	if (hp || gp) && h.ns() == g.ns() {
		for _, a := range h.Backends {
			for _, b := range g.Backends {
				if a.ServiceName != "" && a.ServiceName == b.ServiceName {
					return true
				}
			}
		}
	}
	return false
}
