package rgc

import (
	"sort"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// Change is an added, changed or deleted document for Compiler.Update.
type Change struct {
	// Name identifies the document (a file path, or any name the host
	// program uses). Documents are ordered by name: when two define the
	// same object, the one with the greater name wins.
	Name string
	// Content is kept, not copied, as Input.Content: do not modify it
	// after Update.
	Content []byte
	Delete  bool
}

// Delta is what an update changed in the routing table.
type Delta struct {
	// Upserted are the routes that are new or changed, Deleted the ids of
	// the routes that are gone: what a Skipper data client's LoadUpdate
	// returns.
	Upserted []*eskip.Route
	Deleted  []string
	// Groups are the route groups ("namespace/name") that were recompiled.
	Groups []string
}

// Compiler keeps a compiled state and recompiles only the route groups a
// change affects: the groups of the changed documents, and the groups that
// use a changed Service, Endpoints or EndpointSlice. Its table is always
// equal to a full Compile of the same documents in name order.
//
// A Compiler is not safe for concurrent use.
type Compiler struct {
	opts Options
	base diag.List // problems with the options' files (default filters)

	docs       map[string]*document
	names      []string // sorted, unless namesDirty
	namesDirty bool
	// where lists, per group key and per cluster key, the documents that
	// define it.
	where        map[ir.Key]map[string]bool
	clusterWhere map[ir.Key]map[string]bool

	merged   *ir.Program            // the winning cluster objects of all documents
	groups   map[ir.Key]*groupState // the winning group of each key
	order    []*groupState          // groups in Skipper's order
	users    map[ir.Key]map[ir.Key]bool
	schemes  map[passes.SchemeKey][]*groupState
	ids      map[string][]owner
	clusterN int // documents holding cluster state

	table  []*eskip.Route // the materialised table, nil when stale
	result *Result        // the assembled result, nil when stale
	// steps counts the groups, routes and diagnostics Result visits, so
	// that a test can hold its assembly linear without a timer.
	steps int
}

type document struct {
	name  string
	prog  *ir.Program // as the front end left it: lowering never writes on it
	diags diag.List
}

type groupState struct {
	key   ir.Key
	group *ir.RouteGroup
	doc   *document
	// verdicts are what the passes decided about the group when it was
	// last lowered.
	verdicts *ir.Verdicts
	routes   []*ir.Route
	eskip    []*eskip.Route
	diags    diag.List
	uses     []passes.SchemeUse
	svcs     []ir.Key
	// lost holds the routes whose id an earlier group owns.
	lost map[*eskip.Route]bool
}

// owner is a route that claims an id; the first in group order wins.
type owner struct {
	g *groupState
	r *eskip.Route
}

// NewCompiler returns an empty compiler. It reads -default-filters-dir
// once, here.
func NewCompiler(opts Options) *Compiler {
	c := &Compiler{
		opts:         opts,
		docs:         map[string]*document{},
		where:        map[ir.Key]map[string]bool{},
		clusterWhere: map[ir.Key]map[string]bool{},
		merged:       ir.NewProgram(),
		groups:       map[ir.Key]*groupState{},
		users:        map[ir.Key]map[ir.Key]bool{},
		schemes:      map[passes.SchemeKey][]*groupState{},
		ids:          map[string][]owner{},
	}
	if opts.DefaultFiltersDir != "" {
		loadDefaultFilters(c.merged, opts.DefaultFiltersDir, &c.base)
	}
	return c
}

// Update applies changes and returns what changed in the table.
func (c *Compiler) Update(changes ...Change) (*Delta, error) {
	t := newTouch()
	hadCluster := c.clusterN > 0
	for _, ch := range changes {
		if old, ok := c.docs[ch.Name]; ok {
			t.doc(old)
			c.removeDoc(old)
		}
		if ch.Delete {
			continue
		}
		d := parseDocument(ch.Name, ch.Content)
		c.addDoc(d)
		t.doc(d)
	}
	c.sortNames()
	for k := range t.clusterKeys {
		c.mergeCluster(k)
	}
	affected := map[ir.Key]bool{}
	for k := range t.groupKeys {
		affected[k] = true
	}
	for k := range t.clusterKeys {
		for g := range c.users[k] {
			affected[g] = true
		}
	}
	if hadCluster != (c.clusterN > 0) && c.opts.CheckMode {
		// rgc check treats missing Services differently without any
		// cluster state: every group may change.
		for k := range c.groups {
			affected[k] = true
		}
	}
	return c.recompile(affected)
}

func parseDocument(name string, content []byte) *document {
	prog, diags := frontend.Load([]*src.File{src.NewFile(name, content)})
	return &document{name: name, prog: prog, diags: diags}
}

// sortNames sorts the document names once after a batch of additions;
// inserting each name in place would be quadratic in a large first update.
func (c *Compiler) sortNames() {
	if c.namesDirty {
		sort.Strings(c.names)
		c.namesDirty = false
	}
}

// touch collects the keys a change touches.
type touch struct {
	groupKeys   map[ir.Key]bool
	clusterKeys map[ir.Key]bool
}

func newTouch() *touch { return &touch{groupKeys: map[ir.Key]bool{}, clusterKeys: map[ir.Key]bool{}} }

func (t *touch) doc(d *document) {
	for _, g := range d.prog.Groups {
		t.groupKeys[g.Key()] = true
	}
	for k := range d.prog.Services {
		t.clusterKeys[k] = true
	}
	for k := range d.prog.Endpoints {
		t.clusterKeys[k] = true
	}
	for k := range d.prog.EndpointSlices {
		t.clusterKeys[k] = true
	}
}

func (c *Compiler) addDoc(d *document) {
	c.docs[d.name] = d
	c.names = append(c.names, d.name)
	c.namesDirty = true
	if d.prog.HasClusterState {
		c.clusterN++
	}
	for _, g := range d.prog.Groups {
		addTo(c.where, g.Key(), d.name)
	}
	for _, k := range clusterKeys(d.prog) {
		addTo(c.clusterWhere, k, d.name)
	}
}

func addTo(m map[ir.Key]map[string]bool, k ir.Key, name string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][name] = true
}

func removeFrom(m map[ir.Key]map[string]bool, k ir.Key, name string) {
	delete(m[k], name)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

func clusterKeys(p *ir.Program) []ir.Key {
	var ks []ir.Key
	for k := range p.Services {
		ks = append(ks, k)
	}
	for k := range p.Endpoints {
		ks = append(ks, k)
	}
	for k := range p.EndpointSlices {
		ks = append(ks, k)
	}
	return ks
}

// sortedNames returns the names in set in document order.
func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (c *Compiler) removeDoc(d *document) {
	delete(c.docs, d.name)
	c.sortNames()
	i := sort.SearchStrings(c.names, d.name)
	if i < len(c.names) && c.names[i] == d.name {
		c.names = append(c.names[:i], c.names[i+1:]...)
	}
	if d.prog.HasClusterState {
		c.clusterN--
	}
	for _, g := range d.prog.Groups {
		removeFrom(c.where, g.Key(), d.name)
	}
	for _, k := range clusterKeys(d.prog) {
		removeFrom(c.clusterWhere, k, d.name)
	}
}

// mergeCluster recomputes the winning Service and Endpoints of key k and
// the EndpointSlices of service k over all documents, later names winning.
func (c *Compiler) mergeCluster(k ir.Key) {
	delete(c.merged.Services, k)
	delete(c.merged.Endpoints, k)
	delete(c.merged.EndpointSlices, k)
	type sliceKey struct{ ns, name string }
	var slices []*ir.EndpointSlice
	at := map[sliceKey]int{}
	for _, n := range sortedNames(c.clusterWhere[k]) {
		p := c.docs[n].prog
		if s, ok := p.Services[k]; ok {
			c.merged.Services[k] = s
		}
		if e, ok := p.Endpoints[k]; ok {
			c.merged.Endpoints[k] = e
		}
		for _, s := range p.EndpointSlices[k] {
			sk := sliceKey{s.Key().Namespace, s.Name.V}
			if i, ok := at[sk]; ok {
				slices[i] = s
				continue
			}
			at[sk] = len(slices)
			slices = append(slices, s)
		}
	}
	if len(slices) > 0 {
		c.merged.EndpointSlices[k] = slices
	}
	c.merged.HasClusterState = c.clusterN > 0
}

// winner returns the group of key k from the document with the greatest
// name, or nil.
func (c *Compiler) winner(k ir.Key) (*ir.RouteGroup, *document) {
	names := sortedNames(c.where[k])
	for i := len(names) - 1; i >= 0; i-- {
		d := c.docs[names[i]]
		for j := len(d.prog.Groups) - 1; j >= 0; j-- {
			if g := d.prog.Groups[j]; g.Key() == k {
				return g, d
			}
		}
	}
	return nil, nil
}
