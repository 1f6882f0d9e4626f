package rgc

import (
	"sort"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// less orders groups as Skipper does.
func less(a, b *groupState) bool { return passes.GroupLess(a.group, b.group) }

// maxRounds bounds the rounds of recompilation that Skipper's endpoint
// scheme cache can cause; each round fixes at least the earliest
// inconsistent group, and the chains are short in practice.
const maxRounds = 8

func (c *Compiler) recompile(affected map[ir.Key]bool) (*Delta, error) {
	db := &deltaBuilder{before: map[string]*eskip.Route{}}
	queue := sortedKeys(affected)
	recompiled := map[ir.Key]bool{}
	for round := 0; len(queue) > 0 && round < maxRounds; round++ {
		var touched []passes.SchemeKey
		for _, k := range queue {
			if old := c.groups[k]; old != nil {
				touched = append(touched, schemeKeys(old)...)
				c.detach(old, db)
			}
			g, d := c.winner(k)
			if g == nil {
				continue
			}
			gs, err := c.compileGroup(k, g, d)
			if err != nil {
				return nil, err
			}
			c.attach(gs, db)
			touched = append(touched, schemeKeys(gs)...)
			recompiled[k] = true
		}
		queue = c.schemeConflicts(touched)
	}
	c.table, c.result = nil, nil
	delta := db.finish(c)
	for k := range recompiled {
		delta.Groups = append(delta.Groups, k.String())
	}
	sort.Strings(delta.Groups)
	return delta, nil
}

func sortedKeys(m map[ir.Key]bool) []ir.Key {
	ks := make([]ir.Key, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Namespace != ks[j].Namespace {
			return ks[i].Namespace < ks[j].Namespace
		}
		return ks[i].Name < ks[j].Name
	})
	return ks
}

func (c *Compiler) compileGroup(k ir.Key, g *ir.RouteGroup, d *document) (*groupState, error) {
	prog := &ir.Program{
		Groups:          []*ir.RouteGroup{g},
		Services:        c.merged.Services,
		Endpoints:       c.merged.Endpoints,
		EndpointSlices:  c.merged.EndpointSlices,
		DefaultFilters:  c.merged.DefaultFilters,
		HasClusterState: c.clusterN > 0,
	}
	gs := &groupState{key: k, group: g, doc: d}
	out, err := passes.Lower(prog, &c.opts, &gs.diags, c.seed(gs))
	if err != nil {
		return nil, err
	}
	gs.verdicts = out.Verdicts
	if len(out.Groups) == 1 {
		gs.routes, gs.uses = out.Groups[0].Routes, out.Groups[0].Uses
	}
	gs.eskip = make([]*eskip.Route, len(gs.routes))
	for i, r := range gs.routes {
		gs.eskip[i] = backend.Route(r)
	}
	seen := map[ir.Key]bool{}
	for _, b := range g.Backends {
		if b.Type == ir.ServiceBackend {
			sk := ir.Key{Namespace: k.Namespace, Name: b.ServiceName.V}
			if !seen[sk] {
				seen[sk] = true
				gs.svcs = append(gs.svcs, sk)
			}
		}
	}
	return gs, nil
}

// seed gives the scheme an earlier group fixed for an endpoint lookup.
func (c *Compiler) seed(gs *groupState) func(passes.SchemeKey) (string, bool) {
	return func(k passes.SchemeKey) (string, bool) {
		l := c.schemes[k]
		if len(l) == 0 || !less(l[0], gs) {
			return "", false
		}
		u, _ := firstUse(l[0], k)
		return u.Effective, true
	}
}

func firstUse(gs *groupState, k passes.SchemeKey) (passes.SchemeUse, bool) {
	for _, u := range gs.uses {
		if u.Service == k.Service && u.Target == k.Target {
			return u, true
		}
	}
	return passes.SchemeUse{}, false
}

func schemeKeys(gs *groupState) []passes.SchemeKey {
	ks := make([]passes.SchemeKey, 0, len(gs.uses))
	for _, u := range gs.uses {
		ks = append(ks, passes.SchemeKey{Service: u.Service, Target: u.Target})
	}
	return ks
}

// schemeConflicts returns the groups whose endpoint schemes no longer
// follow the first group (in order) that looked the same endpoints up.
func (c *Compiler) schemeConflicts(keys []passes.SchemeKey) []ir.Key {
	var out []ir.Key
	seen := map[ir.Key]bool{}
	done := map[passes.SchemeKey]bool{}
	for _, k := range keys {
		if done[k] {
			continue
		}
		done[k] = true
		l := c.schemes[k]
		if len(l) == 0 {
			continue
		}
		first, _ := firstUse(l[0], k)
		for i, gs := range l {
			u, _ := firstUse(gs, k)
			want := first.Scheme
			if i == 0 {
				want = u.Scheme
			}
			if u.Effective != want && !seen[gs.key] {
				seen[gs.key] = true
				out = append(out, gs.key)
			}
		}
	}
	return out
}

func (c *Compiler) attach(gs *groupState, db *deltaBuilder) {
	c.groups[gs.key] = gs
	i := sort.Search(len(c.order), func(i int) bool { return !less(c.order[i], gs) })
	c.order = append(c.order, nil)
	copy(c.order[i+1:], c.order[i:])
	c.order[i] = gs
	for _, r := range gs.eskip {
		db.note(c, r.Id)
		os := c.ids[r.Id]
		j := sort.Search(len(os), func(j int) bool { return less(gs, os[j].g) })
		os = append(os, owner{})
		copy(os[j+1:], os[j:])
		os[j] = owner{g: gs, r: r}
		c.ids[r.Id] = os
	}
	for _, s := range gs.svcs {
		if c.users[s] == nil {
			c.users[s] = map[ir.Key]bool{}
		}
		c.users[s][gs.key] = true
	}
	for _, k := range dedupKeys(schemeKeys(gs)) {
		l := c.schemes[k]
		j := sort.Search(len(l), func(j int) bool { return !less(l[j], gs) })
		l = append(l, nil)
		copy(l[j+1:], l[j:])
		l[j] = gs
		c.schemes[k] = l
	}
}

func (c *Compiler) detach(gs *groupState, db *deltaBuilder) {
	delete(c.groups, gs.key)
	for i, o := range c.order {
		if o == gs {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	for _, r := range gs.eskip {
		db.note(c, r.Id)
		os := c.ids[r.Id]
		for j := 0; j < len(os); j++ {
			if os[j].g == gs {
				os = append(os[:j], os[j+1:]...)
				j--
			}
		}
		if len(os) == 0 {
			delete(c.ids, r.Id)
		} else {
			c.ids[r.Id] = os
		}
	}
	for _, s := range gs.svcs {
		delete(c.users[s], gs.key)
		if len(c.users[s]) == 0 {
			delete(c.users, s)
		}
	}
	for _, k := range dedupKeys(schemeKeys(gs)) {
		l := c.schemes[k]
		for j, o := range l {
			if o == gs {
				l = append(l[:j], l[j+1:]...)
				break
			}
		}
		if len(l) == 0 {
			delete(c.schemes, k)
		} else {
			c.schemes[k] = l
		}
	}
}

func dedupKeys(ks []passes.SchemeKey) []passes.SchemeKey {
	seen := map[passes.SchemeKey]bool{}
	out := ks[:0:0]
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// deltaBuilder remembers, for every id an update touches, the route that
// won it before the update.
type deltaBuilder struct {
	before map[string]*eskip.Route
	order  []string
}

func (db *deltaBuilder) note(c *Compiler, id string) {
	if _, ok := db.before[id]; ok {
		return
	}
	var r *eskip.Route
	if os := c.ids[id]; len(os) > 0 {
		r = os[0].r
	}
	db.before[id] = r
	db.order = append(db.order, id)
}

func (db *deltaBuilder) finish(c *Compiler) *Delta {
	d := &Delta{}
	sort.Strings(db.order)
	for _, id := range db.order {
		old := db.before[id]
		var cur *eskip.Route
		os := c.ids[id]
		if len(os) > 0 {
			cur = os[0].r
		}
		for i, o := range os {
			if i == 0 {
				delete(o.g.lost, o.r)
				continue
			}
			if o.g.lost == nil {
				o.g.lost = map[*eskip.Route]bool{}
			}
			o.g.lost[o.r] = true
		}
		switch {
		case cur == nil && old != nil:
			d.Deleted = append(d.Deleted, id)
		case cur != nil && (old == nil || (old != cur && old.String() != cur.String())):
			d.Upserted = append(d.Upserted, cur)
		}
	}
	return d
}

// Routes returns the whole routing table, in the same order as Compile.
func (c *Compiler) Routes() []*eskip.Route {
	if c.table != nil {
		return c.table
	}
	n := 3
	for _, gs := range c.order {
		n += len(gs.eskip)
	}
	table := make([]*eskip.Route, 0, n)
	for _, gs := range c.order {
		if len(gs.lost) == 0 {
			table = append(table, gs.eskip...)
			continue
		}
		for _, r := range gs.eskip {
			if !gs.lost[r] {
				table = append(table, r)
			}
		}
	}
	for _, r := range passes.GlobalRoutes(&c.opts) {
		if _, taken := c.ids[r.ID]; !taken {
			table = append(table, backend.Route(r))
		}
	}
	c.table = table
	return table
}

// Diagnostics returns every current problem, sorted by position. With
// Options.Analyzer set, the analyses run over the current state here.
func (c *Compiler) Diagnostics() Diagnostics {
	l, err := c.diagnostics()
	if err != nil {
		l.Add(diag.Diagnostic{Severity: diag.Error, Code: diag.InternalError, Message: err.Error()})
	}
	return l
}

func (c *Compiler) diagnostics() (diag.List, error) {
	var l diag.List
	l = append(l, c.base...)
	for _, n := range c.names {
		l = append(l, c.docs[n].diags...)
	}
	for _, gs := range c.order {
		l = append(l, gs.diags...)
	}
	l = append(l, c.collisions()...)
	l = append(l, c.duplicates()...)
	if c.opts.Analyzer != nil {
		prog, verdicts, table := c.view()
		if err := passes.Analyze(prog, verdicts, &c.opts, table, &l); err != nil {
			l.Sort()
			return l, err
		}
	}
	l.Sort()
	return l, nil
}

// view returns the current state as one program, its verdicts and its
// table, as a full compile has them.
func (c *Compiler) view() (*ir.Program, *ir.Verdicts, *ir.Table) {
	prog := &ir.Program{
		Services:        c.merged.Services,
		Endpoints:       c.merged.Endpoints,
		EndpointSlices:  c.merged.EndpointSlices,
		DefaultFilters:  c.merged.DefaultFilters,
		HasClusterState: c.clusterN > 0,
	}
	verdicts := ir.NewVerdicts()
	table := &ir.Table{}
	for _, gs := range c.order {
		prog.Groups = append(prog.Groups, gs.group)
		verdicts.Order = append(verdicts.Order, gs.group)
		verdicts.Adopt(gs.group, gs.verdicts)
		for i, r := range gs.routes {
			if os := c.ids[r.ID]; len(os) > 0 && os[0].r == gs.eskip[i] {
				table.Routes = append(table.Routes, r)
			}
		}
	}
	table.Routes = append(table.Routes, passes.GlobalRoutes(&c.opts)...)
	for _, n := range c.names {
		prog.Files = append(prog.Files, c.docs[n].prog.Files...)
	}
	return prog, verdicts, table
}

// collisions reports the routes that lose their id to an earlier group's
// route, as a full compile does.
func (c *Compiler) collisions() diag.List {
	var groups []*passes.GroupRoutes
	var l diag.List
	for _, gs := range c.order {
		for _, r := range gs.eskip {
			if os := c.ids[r.Id]; len(os) > 1 {
				groups = append(groups, &passes.GroupRoutes{Group: gs.group, Routes: gs.routes})
				break
			}
		}
	}
	if len(groups) > 0 {
		opts := c.opts
		opts.Healthcheck, opts.HTTPSRedirect = false, false
		passes.Assemble(groups, &opts, &l)
	}
	return l
}

// Result returns the current state in the form Compile returns it. It is
// assembled once per update, in time linear in the groups, routes and
// diagnostics, and shared until the next Update: callers must not modify
// it.
func (c *Compiler) Result() *Result {
	if c.result != nil {
		return c.result
	}
	res := &Result{Routes: c.Routes(), Diagnostics: c.Diagnostics()}
	byGroup := groupDiagnostics(res.Diagnostics)
	c.steps += len(res.Diagnostics)
	res.Groups = make([]*GroupResult, 0, len(c.order))
	for _, gs := range c.order {
		id := gs.group.ID()
		var routes []*eskip.Route
		for _, r := range gs.eskip {
			if os := c.ids[r.Id]; len(os) > 0 && os[0].r == r {
				routes = append(routes, r)
			}
		}
		c.steps += 1 + len(gs.eskip)
		ds := byGroup[id]
		res.Groups = append(res.Groups, &GroupResult{ID: id, File: gs.doc.name, Routes: routes,
			Diagnostics: ds, Failed: ds.HasErrors(), Skipped: gs.verdicts.Skipped(gs.group)})
	}
	c.result = res
	return res
}
