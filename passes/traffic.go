package passes

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// share is the part of the traffic one backend reference gets among the
// references of its list, in the form of one of Skipper's algorithms.
type share struct {
	// traffic-predicate: Traffic(value) plus balance × True(); none at 1.
	value   float64
	balance int
	// traffic-segment-predicate: TrafficSegment(min, max); none at [0, 1).
	min, max float64
}

// trafficPredicateShares gives each reference the probability of being
// picked among itself and the references after it, so that trying the
// routes in order yields the weights. References without weight get 0;
// when no reference has a weight, all get 1. The last reference with a
// weight gets 1 (no predicate). Skipper adds True() predicates so that
// earlier routes are tried first, being more specific.
func trafficPredicateShares(refs []*ir.BackendRef) []share {
	weights := make([]float64, len(refs))
	sum := 0.0
	for i, r := range refs {
		weights[i] = float64(r.Weight.V)
		sum += weights[i]
	}
	if sum == 0 {
		sum = float64(len(weights))
		for i := range weights {
			weights[i] = 1
		}
	}
	last := 0
	for i, w := range weights {
		if w > 0 {
			last = i
		}
	}
	out := make([]share, len(refs))
	for i := range refs {
		switch {
		case i == last:
			out[i].value = 1
		case weights[i] == 0:
			out[i].value = 0
		default:
			out[i].value = weights[i] / sum
		}
		sum -= weights[i]
		out[i].balance = len(refs) - i - 2
	}
	return out
}

// trafficSegmentShares cuts [0, 1) into consecutive segments proportional
// to the weights (equal segments when no weight is set).
func trafficSegmentShares(refs []*ir.BackendRef) []share {
	out := make([]share, len(refs))
	sum := 0.0
	for i, r := range refs {
		out[i].min = sum
		sum += float64(r.Weight.V)
		out[i].max = sum
	}
	if sum == 0 {
		for i := range refs {
			out[i].min = sum
			sum++
			out[i].max = sum
		}
	}
	for i := range out {
		out[i].min /= sum
		out[i].max /= sum
	}
	return out
}

func (c *Context) shares(refs []*ir.BackendRef) []share {
	if c.Opts.TrafficAlgorithm == TrafficSegment {
		return trafficSegmentShares(refs)
	}
	return trafficPredicateShares(refs)
}

func (c *Context) applyShare(r *ir.Route, s share) {
	if c.Opts.TrafficAlgorithm == TrafficSegment {
		if s.min == 0 && s.max == 1 {
			return
		}
		r.Predicates = append(r.Predicates, ir.NewCall("TrafficSegment", ir.Num(s.min), ir.Num(s.max)))
		return
	}
	if s.value == 1 {
		return
	}
	r.Predicates = append(r.Predicates, ir.NewCall("Traffic", ir.Num(s.value)))
	for i := 0; i < s.balance; i++ {
		r.Predicates = append(r.Predicates, ir.NewCall("True"))
	}
}

func (s share) zero(seg bool) bool {
	if seg {
		return s.min == s.max
	}
	return s.value == 0
}

// weights turns backend weights into traffic predicates on every base
// route, and notes references that can never receive traffic.
func weights(c *Context) error {
	seg := c.Opts.TrafficAlgorithm == TrafficSegment
	for _, p := range c.low().parts {
		lists := map[*ir.RouteSpec][]share{}
		var defaults []share
		for _, u := range p.units {
			refs, sh := p.group.DefaultBackends, defaults
			if u.spec != nil && len(u.spec.Backends) > 0 {
				refs, sh = u.spec.Backends, lists[u.spec]
			}
			if sh == nil {
				sh = c.shares(refs)
				if u.spec != nil && len(u.spec.Backends) > 0 {
					lists[u.spec] = sh
				} else {
					defaults = sh
				}
			}
			u.share = sh[indexOf(refs, u.ref)]
			// A dropped route that Skipper had stored still counts for the
			// catch-all decision, with its traffic predicates.
			if !u.dropped || u.stored {
				c.applyShare(u.route, u.share)
			}
			if u.share.zero(seg) && !p.internal && u.method == firstMethod(u.spec) && len(refs) > 1 {
				c.report(diag.Info, diag.ZeroTraffic, p.group, spanOr(u.ref.Src, p.group.Src),
					"backend %q gets no traffic on this route: its weight is 0", u.ref.Name.V).Path = u.ref.Path
			}
		}
	}
	return nil
}

func firstMethod(s *ir.RouteSpec) string {
	if s == nil {
		return ""
	}
	return uniqueMethods(s)[0]
}

func indexOf(refs []*ir.BackendRef, r *ir.BackendRef) int {
	for i, x := range refs {
		if x == r {
			return i
		}
	}
	return 0
}
