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
func trafficPredicateShares(refs []*ir.BackendRef) []ir.Share {
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
	out := make([]ir.Share, len(refs))
	for i := range refs {
		switch {
		case i == last:
			out[i].Value = 1
		case weights[i] == 0:
			out[i].Value = 0
		default:
			out[i].Value = weights[i] / sum
		}
		sum -= weights[i]
		out[i].Balance = len(refs) - i - 2
	}
	return out
}

// trafficSegmentShares cuts [0, 1) into consecutive segments proportional
// to the weights (equal segments when no weight is set).
func trafficSegmentShares(refs []*ir.BackendRef) []ir.Share {
	out := make([]ir.Share, len(refs))
	sum := 0.0
	for i, r := range refs {
		out[i].Min = sum
		sum += float64(r.Weight.V)
		out[i].Max = sum
	}
	if sum == 0 {
		for i := range refs {
			out[i].Min = sum
			sum++
			out[i].Max = sum
		}
	}
	for i := range out {
		out[i].Min /= sum
		out[i].Max /= sum
	}
	return out
}

func (c *Context) shares(refs []*ir.BackendRef) []ir.Share {
	if c.Opts.TrafficAlgorithm == TrafficSegment {
		return trafficSegmentShares(refs)
	}
	return trafficPredicateShares(refs)
}

func (c *Context) applyShare(r *ir.Route, s ir.Share) {
	if c.Opts.TrafficAlgorithm == TrafficSegment {
		if s.Min == 0 && s.Max == 1 {
			return
		}
		r.Predicates = append(r.Predicates, ir.NewCall("TrafficSegment", ir.Num(s.Min), ir.Num(s.Max)))
		return
	}
	if s.Value == 1 {
		return
	}
	r.Predicates = append(r.Predicates, ir.NewCall("Traffic", ir.Num(s.Value)))
	for i := 0; i < s.Balance; i++ {
		r.Predicates = append(r.Predicates, ir.NewCall("True"))
	}
}

// zeroShare reports whether s gives the reference no traffic.
func zeroShare(s ir.Share, seg bool) bool {
	if seg {
		return s.Min == s.Max
	}
	return s.Value == 0
}

// weights turns backend weights into traffic predicates on every base
// route, and notes references that can never receive traffic.
func weights(c *Context) error {
	seg := c.Opts.TrafficAlgorithm == TrafficSegment
	for _, p := range c.Lowered.Parts {
		lists := map[*ir.RouteSpec][]ir.Share{}
		var defaults []ir.Share
		for _, u := range p.Units {
			refs, sh := p.Group.DefaultBackends, defaults
			if u.Spec != nil && len(u.Spec.Backends) > 0 {
				refs, sh = u.Spec.Backends, lists[u.Spec]
			}
			if sh == nil {
				sh = c.shares(refs)
				if u.Spec != nil && len(u.Spec.Backends) > 0 {
					lists[u.Spec] = sh
				} else {
					defaults = sh
				}
			}
			u.Share = sh[indexOf(refs, u.Ref)]
			// A dropped route that Skipper had stored still counts for the
			// catch-all decision, with its traffic predicates.
			if !u.Dropped || u.Stored {
				c.applyShare(u.Route, u.Share)
			}
			if zeroShare(u.Share, seg) && !p.Internal && u.Method == firstMethod(u.Spec) && len(refs) > 1 {
				c.report(diag.Info, diag.ZeroTraffic, p.Group, spanOr(u.Ref.Src, p.Group.Src),
					"backend %q gets no traffic on this route: its weight is 0", u.Ref.Name.V).Path = u.Ref.Path
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
