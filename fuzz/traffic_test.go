package fuzz

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"
)

// Property 5: for both traffic algorithms, the probability with which
// Skipper's routing picks each backend of a route, computed exactly from
// the emitted predicates, equals the backend's normalised weight (within
// 1e-9).
//
// The model of Skipper's routing (routing/matcher.go, predicates/traffic):
// the routes of one route entry share every predicate but the traffic
// ones and sit in the same leaf; a leaf tries its routes in order of
// weight, highest first, where Traffic() and True() count 1 each and
// TrafficSegment() counts 0 (its spec weight is -1, which cancels the
// predicate itself); routes of equal weight are tried in an order that
// depends on map iteration, so every order of a tie must give the same
// result. Traffic(p) matches with probability p, independently;
// TrafficSegment(a, b) matches when the request's one uniform r ∈ [0, 1)
// is in [a, b).

func TestTraffic(t *testing.T) { check(t, 2000, propTraffic) }

func FuzzTraffic(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propTraffic)) }

func propTraffic(t *rapid.T) {
	s := genState(t, genConfig{routing: true, minGroups: 1, maxGroups: 3})
	fs := render(s)
	res := compile(t, fs, s.Opts)
	for key, members := range families(res.Routes) {
		g, refs := familyRefs(s, key)
		if g == nil {
			t.Fatalf("route family %s has no route group in the model", key)
		}
		want := normalised(refs)
		if len(members) != len(refs) {
			t.Fatalf("route family %s has %d routes for %d backends:\n%s", key, len(members), len(refs), printTable(memberList(members)))
		}
		for _, order := range tieOrders(members) {
			got, err := pickProbabilities(order)
			if err != nil {
				t.Fatalf("route family %s: %v\n%s", key, err, printTable(order))
			}
			for _, r := range order {
				b := backendIndex(r.Id)
				if math.Abs(got[r.Id]-want[b]) > 1e-9 {
					t.Fatalf("route family %s (segments: %v): backend %d (%s) is picked with probability %v, want %v (weights %v)\n%s\ninput:\n%s",
						key, s.Opts.TrafficSegment, b, refs[b].Name, got[r.Id], want[b], refs, printTable(order), dump(fs))
				}
			}
		}
	}
}

// rgID parses the ids of route group routes: kube[ew]_rg__NS__NAME__METHOD__R_B[_https_redirect].
var rgID = regexp.MustCompile(`^kube(ew)?_rg__(internal_)?([a-z0-9]+)__([a-z0-9]+)__([a-z]+)__(\d+)_(\d+)(_https_redirect)?$`)

// families groups the routes of one route entry, method, east-west copy
// and redirect: the routes that differ only in their backend.
func families(routes []*eskip.Route) map[string]map[int]*eskip.Route {
	out := map[string]map[int]*eskip.Route{}
	for _, r := range routes {
		m := rgID.FindStringSubmatch(r.Id)
		if m == nil || m[5] == "catchall" {
			continue
		}
		key := strings.Join([]string{m[1], m[2], m[3], m[4], m[5], m[6], m[8]}, "/")
		if out[key] == nil {
			out[key] = map[int]*eskip.Route{}
		}
		b, _ := strconv.Atoi(m[7])
		out[key][b] = r
	}
	return out
}

func backendIndex(id string) int {
	b, _ := strconv.Atoi(rgID.FindStringSubmatch(id)[7])
	return b
}

func memberList(m map[int]*eskip.Route) []*eskip.Route {
	var out []*eskip.Route
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Id < out[j].Id })
	return out
}

// familyRefs finds the model's group and backend references of a family.
func familyRefs(s *state, key string) (*group, []backendRef) {
	parts := strings.Split(key, "/")
	ns, name := parts[2], parts[3]
	ri, _ := strconv.Atoi(parts[5])
	for _, g := range s.Groups {
		if g.ns() != ns || g.Name != name {
			continue
		}
		if len(g.Routes) == 0 {
			return g, g.Defaults
		}
		if ri < len(g.Routes) {
			return g, g.routeRefs(g.Routes[ri])
		}
	}
	return nil, nil
}

// normalised returns each reference's share of the traffic: its weight
// over the sum, or an equal share when no reference has a weight.
func normalised(refs []backendRef) []float64 {
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

// trafficWeight is what the traffic predicates add to a route's weight in
// Skipper's matcher.
func trafficWeight(r *eskip.Route) int {
	w := 0
	for _, p := range r.Predicates {
		if p.Name == "Traffic" || p.Name == "True" {
			w++
		}
	}
	return w
}

// tieOrders returns every order in which Skipper's leaf may try the
// routes: by weight, highest first, each tie in every order.
func tieOrders(members map[int]*eskip.Route) [][]*eskip.Route {
	rs := memberList(members)
	sort.SliceStable(rs, func(i, j int) bool { return trafficWeight(rs[i]) > trafficWeight(rs[j]) })
	orders := [][]*eskip.Route{nil}
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && trafficWeight(rs[j]) == trafficWeight(rs[i]) {
			j++
		}
		var next [][]*eskip.Route
		for _, o := range orders {
			for _, p := range permutations(rs[i:j]) {
				next = append(next, append(append([]*eskip.Route(nil), o...), p...))
			}
		}
		orders, i = next, j
	}
	return orders
}

func permutations(rs []*eskip.Route) [][]*eskip.Route {
	if len(rs) <= 1 {
		return [][]*eskip.Route{append([]*eskip.Route(nil), rs...)}
	}
	var out [][]*eskip.Route
	for i := range rs {
		rest := append(append([]*eskip.Route(nil), rs[:i]...), rs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]*eskip.Route{rs[i]}, p...))
		}
	}
	return out
}

// pickProbabilities computes, for routes tried in order, the probability
// that each one is the first to match, given that everything but the
// traffic predicates matches.
func pickProbabilities(order []*eskip.Route) (map[string]float64, error) {
	out := map[string]float64{}
	var traffic, segment bool
	var taken [][2]float64 // segments of earlier routes
	miss := 1.0            // probability that no Traffic route matched yet
	for _, r := range order {
		p, seg := 1.0, [2]float64{0, 1}
		for _, pr := range r.Predicates {
			switch pr.Name {
			case "Traffic":
				if len(pr.Args) != 1 {
					return nil, fmt.Errorf("%s: Traffic with %d arguments", r.Id, len(pr.Args))
				}
				v, ok := pr.Args[0].(float64)
				if !ok || v < 0 || v > 1 {
					return nil, fmt.Errorf("%s: invalid Traffic(%v)", r.Id, pr.Args[0])
				}
				p *= v
				traffic = true
			case "TrafficSegment":
				a, ok1 := pr.Args[0].(float64)
				b, ok2 := pr.Args[1].(float64)
				if len(pr.Args) != 2 || !ok1 || !ok2 || a < 0 || b > 1 || a > b {
					return nil, fmt.Errorf("%s: invalid TrafficSegment%v", r.Id, pr.Args)
				}
				seg = [2]float64{math.Max(seg[0], a), math.Min(seg[1], b)}
				segment = true
			}
		}
		if traffic && segment {
			return nil, fmt.Errorf("Traffic and TrafficSegment in one family")
		}
		if segment {
			out[r.Id] = uncovered(seg, taken)
			taken = append(taken, seg)
			continue
		}
		out[r.Id] = miss * p
		miss *= 1 - p
	}
	return out, nil
}

// uncovered is the length of seg minus the union of taken.
func uncovered(seg [2]float64, taken [][2]float64) float64 {
	if seg[1] <= seg[0] {
		return 0
	}
	cuts := []float64{seg[0], seg[1]}
	for _, t := range taken {
		for _, x := range t {
			if x > seg[0] && x < seg[1] {
				cuts = append(cuts, x)
			}
		}
	}
	sort.Float64s(cuts)
	total := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		mid := (cuts[i] + cuts[i+1]) / 2
		covered := false
		for _, t := range taken {
			covered = covered || t[0] <= mid && mid < t[1]
		}
		if !covered {
			total += cuts[i+1] - cuts[i]
		}
	}
	return total
}
