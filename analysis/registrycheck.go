package analysis

import (
	"fmt"
	"sort"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// registryChecks checks every predicate and filter a route group's routes
// use: those written in the group, those the conversion options add to it
// (annotation predicates and filters, east-west range predicates) and the
// default filters of its services. Entries with a syntax error were
// reported by the front end and are skipped; the other entries of the
// route are still checked, so that one run reports every problem.
func registryChecks(p *pass) {
	for _, g := range p.groups() {
		if !p.checked(g) {
			continue
		}
		for _, r := range g.Routes {
			p.checkExprs(g, predicateCalls, r.Predicates)
			p.checkExprs(g, filterCalls, r.Filters)
		}
		p.checkOptionCalls(g)
		p.checkDefaultFilters(g)
	}
}

func (p *pass) checkExprs(g *ir.RouteGroup, k *callKind, exprs []*ir.Expr) {
	for _, e := range exprs {
		if e.Bad {
			continue
		}
		for _, call := range e.Calls {
			for _, f := range p.calls.check(k, call) {
				d := p.report(f.sev, f.code, g, place(f, call, e.Text.Src), e.Path, "%s", f.msg)
				d.Hint = f.hint
			}
		}
	}
}

// place returns where a finding points: the argument at fault, the name,
// or the whole call.
func place(f finding, call *ir.Call, fallback src.Span) src.Span {
	if f.arg >= 0 && f.arg < len(call.Args) && call.Args[f.arg].Src.IsValid() {
		return call.Args[f.arg].Src
	}
	if f.atName && call.NameSrc.IsValid() {
		return call.NameSrc
	}
	return spanOr(call.Src, fallback)
}

// optionCalls is a set of calls the conversion options add to some routes
// of a group, with the flag and the place in the group that makes them
// apply.
type optionCalls struct {
	flag  string
	kind  *callKind
	calls []*ir.Call
	at    src.Span
	path  string
}

// checkOptionCalls checks the predicates and filters the options add to
// g's routes. The calls come from the command line and have no position;
// a problem is reported at the annotation that selects them (or at the
// group's first internal host), once per group, since Skipper drops the
// routes of every group they apply to.
func (p *pass) checkOptionCalls(g *ir.RouteGroup) {
	var sets []optionCalls
	annot := func(key string) (src.Span, string) {
		return spanOr(g.AnnotSrc[key], g.Src), fmt.Sprintf("metadata.annotations[%q]", key)
	}
	addPreds := func(flag string, as []passes.AnnotationPredicates) {
		for _, a := range as {
			if v, ok := g.Annotations[a.Key]; ok && v == a.Value {
				at, path := annot(a.Key)
				sets = append(sets, optionCalls{flag + " " + a.Key + "=" + a.Value, predicateCalls, a.Predicates, at, path})
			}
		}
	}
	addFilters := func(flag string, as []passes.AnnotationFilters) {
		for _, a := range as {
			if v, ok := g.Annotations[a.Key]; ok && v == a.Value {
				at, path := annot(a.Key)
				sets = append(sets, optionCalls{flag + " " + a.Key + "=" + a.Value, filterCalls, a.Filters, at, path})
			}
		}
	}
	o := p.conv
	addPreds("-kubernetes-annotation-predicates", o.AnnotationPredicates)
	addFilters("-kubernetes-annotation-filters-append", o.AnnotationFiltersAppend)
	if h, i, ok := internalHost(g, o.EastWestRangeDomains); ok {
		at, path := h.Src, fmt.Sprintf("spec.hosts[%d]", i)
		sets = append(sets, optionCalls{"-kubernetes-east-west-range-predicates", predicateCalls, o.EastWestRangePredicates, at, path})
		addPreds("-kubernetes-east-west-range-annotation-predicates", o.EastWestRangeAnnotationPredicates)
		addFilters("-kubernetes-east-west-range-annotation-filters-append", o.EastWestRangeAnnotationFilters)
	}
	for _, s := range sets {
		for _, call := range s.calls {
			for _, f := range p.calls.check(s.kind, call) {
				if f.sev == diag.Info {
					continue // the operator's configuration, not this group's
				}
				d := p.report(f.sev, f.code, g, s.at, s.path, "%s, added by %s", f.msg, s.flag)
				d.Hint = f.hint
			}
		}
	}
}

// internalHost returns the first host of g in an east-west range domain.
func internalHost(g *ir.RouteGroup, domains []string) (ir.Str, int, bool) {
	for i, h := range g.Hosts {
		if hasSuffix(h.V, domains) {
			return h, i, true
		}
	}
	return ir.Str{}, 0, false
}

// checkDefaultFilters checks the -default-filters-dir filters of the
// services g's backends name. A problem is reported at the filter in the
// default filters file, once per group that uses it.
func (p *pass) checkDefaultFilters(g *ir.RouteGroup) {
	if len(p.prog.DefaultFilters) == 0 {
		return
	}
	seen := map[ir.Key]bool{}
	var keys []ir.Key
	for _, b := range g.Backends {
		k := ir.Key{Namespace: g.Key().Namespace, Name: b.ServiceName.V}
		if b.Type == ir.ServiceBackend && b.ServiceName.V != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	for _, k := range keys {
		df := p.prog.DefaultFilters[k]
		if df == nil || df.Err != "" {
			continue
		}
		// The front end keeps no positions for default filters: report
		// at the file.
		file := src.Span{File: src.NewFile(df.File, nil)}
		for _, call := range df.Calls {
			for _, f := range p.calls.check(filterCalls, call) {
				d := p.report(f.sev, f.code, g, place(f, call, file), "",
					"%s, in the default filters of service %q", f.msg, k.String())
				d.Hint = f.hint
			}
		}
	}
}
