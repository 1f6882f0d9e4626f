package ir

// Verdicts are what the passes decide about the program's groups and
// backend references: which groups are rejected or skipped, what each
// reference resolves to, and the order groups are lowered in. They live in
// the compilation, never on the program: the program stays as the front end
// left it, so lowering is idempotent and the incremental compiler lowers a
// group again without undoing anything.
type Verdicts struct {
	// Order is every group of the program in Skipper's order (namespace,
	// then name), set by the order pass.
	Order []*RouteGroup

	rejected map[*RouteGroup]bool
	skipped  map[*RouteGroup]bool
	backends map[*BackendRef]*Backend
}

// NewVerdicts returns verdicts with nothing decided.
func NewVerdicts() *Verdicts {
	return &Verdicts{rejected: map[*RouteGroup]bool{}, skipped: map[*RouteGroup]bool{}, backends: map[*BackendRef]*Backend{}}
}

// Reject records that g has an error: it contributes no routes.
func (v *Verdicts) Reject(g *RouteGroup) { v.rejected[g] = true }

// Rejected reports whether the front end marked g Bad or a pass rejected it.
func (v *Verdicts) Rejected(g *RouteGroup) bool { return g.Bad || v.rejected[g] }

// Skip records that g is left out without an error (another route group
// class).
func (v *Verdicts) Skip(g *RouteGroup) { v.skipped[g] = true }

// Skipped reports whether g is left out without an error.
func (v *Verdicts) Skipped(g *RouteGroup) bool { return v.skipped[g] }

// Live reports whether g is lowered: neither rejected nor skipped.
func (v *Verdicts) Live(g *RouteGroup) bool { return !v.Rejected(g) && !v.Skipped(g) }

// Resolve records the backend ref names (nil: none of that name).
func (v *Verdicts) Resolve(ref *BackendRef, b *Backend) { v.backends[ref] = b }

// Backend returns the backend ref resolved to, or nil.
func (v *Verdicts) Backend(ref *BackendRef) *Backend { return v.backends[ref] }

// Adopt copies from's verdicts on g and its references into v, for a view
// that joins groups lowered separately.
func (v *Verdicts) Adopt(g *RouteGroup, from *Verdicts) {
	if from.rejected[g] {
		v.rejected[g] = true
	}
	if from.skipped[g] {
		v.skipped[g] = true
	}
	adopt := func(refs []*BackendRef) {
		for _, r := range refs {
			if b, ok := from.backends[r]; ok {
				v.backends[r] = b
			}
		}
	}
	adopt(g.DefaultBackends)
	for _, s := range g.Routes {
		adopt(s.Backends)
	}
}

// Lowered is the mid-level form the lowering passes hand on, from expand
// to emit: each live group cut into partitions, each partition into base
// routes (units), each unit with the routes derived from it. The expand
// pass builds it; later passes complete its routes.
type Lowered struct {
	// Parts are in output order: groups in Verdicts.Order, per group the
	// external then the internal partition.
	Parts []*Partition
}

// Partition is the part of a group that is lowered with one set of hosts:
// the external hosts, or (with -kubernetes-east-west-range-domains) the
// internal ones. Skipper lowers the two independently, with different route
// ids, redirect, east-west and zone settings.
type Partition struct {
	Group    *RouteGroup
	Internal bool
	Hosts    []string
	HostRx   string // the Host predicate's regexp; empty without hosts
	Units    []*Unit
	CatchAll []*Route
	// Failed: a problem dropped the whole partition (an implicit route's
	// backend did not resolve).
	Failed bool
}

// Unit is one base route: a route spec (nil for the implicit routes of a
// group without routes) × a method × a backend reference.
type Unit struct {
	Part    *Partition
	Spec    *RouteSpec
	Method  string
	Ref     *BackendRef
	Backend *Backend // what Ref resolved to
	Route   *Route
	// Share is the traffic this unit's backend gets among its siblings.
	Share Share
	// Extra holds the routes derived from this one, in Skipper's order
	// (east-west copy, then the HTTPS redirect).
	Extra []*Route
	// Stored: Skipper counted the route for the catch-all decision before
	// anything failed; Dropped: the route is not emitted.
	Stored  bool
	Dropped bool
}

// Share is the part of the traffic one backend reference gets among the
// references of its list, in the form of one of Skipper's algorithms.
type Share struct {
	// traffic-predicate: Traffic(Value) plus Balance × True(); none at 1.
	Value   float64
	Balance int
	// traffic-segment-predicate: TrafficSegment(Min, Max); none at [0, 1).
	Min, Max float64
}

// EachRoute calls f for every route the partition emits, in output order.
func (p *Partition) EachRoute(f func(*Route)) {
	for _, u := range p.Units {
		if u.Dropped {
			continue
		}
		f(u.Route)
		for _, e := range u.Extra {
			f(e)
		}
	}
	for _, r := range p.CatchAll {
		f(r)
	}
}
