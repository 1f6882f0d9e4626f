package passes

import (
	"fmt"
	"runtime/debug"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// Pass is one step of the pipeline. Like a go/analysis Analyzer, a pass
// declares what it works on: Reads and Produces name parts of the
// compilation's state (Data), After the passes that must run earlier, with
// the reason in Why. Validate checks the declarations against the order;
// TestPassPermutations proves each After by swapping the passes.
type Pass struct {
	Name string
	// Doc says what the pass does.
	Doc      string
	Reads    []Data
	Produces []Data
	After    []string
	Why      string
	// Global passes work on every group at once; Lower, which the
	// incremental compiler runs one group at a time, leaves them out.
	Global bool
	Run    func(*Context) error
}

// Data names a part of the compilation's state.
type Data string

// The parts of a compilation's state. The program is the input; every
// other part is the compilation's own, so the program stays as the front
// end left it.
const (
	ProgramData   Data = "program"       // Context.Prog: the front end's program, read-only
	RejectedData  Data = "rejected"      // Verdicts.Reject: groups with an error
	SkippedData   Data = "skipped"       // Verdicts.Skip: groups of another class
	OrderData     Data = "order"         // Verdicts.Order: Skipper's group order
	ResolvedData  Data = "resolved"      // Verdicts.Resolve: what backend references name
	LoweredData   Data = "lowered"       // Context.Lowered: partitions and base routes
	EndpointsData Data = "endpoint-uses" // Skipper's endpoint cache and each group's lookups
	GroupsData    Data = "group-routes"  // Context.Groups: each group's finished routes
	TableData     Data = "table"         // Context.Table: the routing table
)

// Context is what a pass works on: the program, the options, and the
// compilation's state, which the passes build (see Data).
type Context struct {
	Prog  *ir.Program // read-only
	Opts  *Options
	Diags *diag.List
	// Seed gives, per service and target port, the scheme that an earlier
	// group fixed in Skipper's endpoint cache; the incremental compiler
	// sets it when it lowers a group alone. May be nil.
	Seed func(SchemeKey) (string, bool)

	Verdicts *ir.Verdicts
	Lowered  *ir.Lowered
	// Groups are each lowered group's routes, in group order.
	Groups []*GroupRoutes
	Table  *ir.Table

	endpoints *endpointState
	seen      map[any]bool
}

// Pipeline lists the passes in the order they run. Each After names what
// must run earlier, and Why says why; TestPassPermutations holds the line.
var Pipeline = []*Pass{
	{Name: "validate", Run: validate,
		Reads: []Data{ProgramData}, Produces: []Data{RejectedData},
		Doc: "Skipper's route group validation: backends, references, weights, paths, methods, hosts"},
	{Name: "class", Run: routeGroupClass,
		Reads: []Data{ProgramData}, Produces: []Data{SkippedData}, After: []string{"validate"},
		Why: "Skipper validates every group, also those another class owns, and reports their errors",
		Doc: "skip groups of another route group class"},
	{Name: "regexps", Run: regexps,
		Reads: []Data{ProgramData, RejectedData, SkippedData}, After: []string{"class"},
		Why: "groups that are already rejected or skipped need no second report",
		Doc: "regular expressions in pathRegexp and predicate arguments compile"},
	{Name: "resolve-backends", Run: resolveBackends,
		Reads: []Data{ProgramData, RejectedData}, Produces: []Data{ResolvedData}, After: []string{"validate"},
		Why: "references resolve only in groups whose backends have unique names",
		Doc: "point backend references at their backends"},
	{Name: "order", Run: orderGroups,
		Reads: []Data{ProgramData}, Produces: []Data{OrderData}, After: []string{"class"},
		Why: "lowering follows Skipper's namespace/name order, which decides id collisions",
		Doc: "sort groups by namespace and name"},
	{Name: "bounds", Run: bounds,
		Reads: []Data{ProgramData, OrderData, RejectedData, SkippedData}, Produces: []Data{RejectedData},
		After: []string{"order", "regexps"},
		Why:   "the table cap counts live groups in namespace/name order, so the same groups are rejected in every run",
		Doc:   "reject groups whose expansion would exceed the caps on routes and predicates, before anything is expanded"},
	{Name: "expand", Run: expand,
		Reads: []Data{OrderData, RejectedData, SkippedData, ResolvedData}, Produces: []Data{LoweredData},
		After: []string{"resolve-backends", "order", "bounds"},
		Why:   "base routes need resolved backends and the final group order",
		Doc:   "one base route per host partition, route, method and backend reference"},
	{Name: "backends", Run: applyBackends,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData, EndpointsData, RejectedData}, After: []string{"expand"},
		Why: "resolves the backend of each base route; failures drop routes before anything copies them",
		Doc: "service resolution (Service, target port, Endpoints or EndpointSlices), network, lb, forward"},
	{Name: "default-filters", Run: defaultFilters,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"backends"},
		Why: "default filters go before the filters the backend set (a shunted service's status filters)",
		Doc: "prepend -default-filters-dir filters to service routes"},
	{Name: "weights", Run: weights,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"backends"},
		Why: "east-west and redirect copies carry the traffic predicates, so they come first",
		Doc: "backend weights to Traffic or TrafficSegment predicates"},
	{Name: "east-west", Run: eastWest,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"weights", "default-filters"},
		Why: "the east-west copy is a copy of the finished base route",
		Doc: "NAME.NAMESPACE.<domain> copies of external routes"},
	{Name: "https-redirect", Run: httpsRedirect,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"weights"},
		Why: "the redirect route copies the base route's predicates, traffic included",
		Doc: "X-Forwarded-Proto: http redirects to HTTPS"},
	{Name: "catch-all", Run: catchAll,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"weights", "backends"},
		Why: "whether a host-only route exists depends on the traffic predicates and on which routes failed",
		Doc: "a shunt route per host when no route matches the host alone"},
	{Name: "annotations", Run: annotations,
		Reads: []Data{LoweredData}, Produces: []Data{LoweredData}, After: []string{"catch-all", "east-west", "https-redirect"},
		Why: "annotation predicates and filters go on every route, derived ones included",
		Doc: "annotation predicates and filters, east-west range predicates"},
	{Name: "emit", Run: emit,
		Reads: []Data{LoweredData, RejectedData, EndpointsData}, Produces: []Data{GroupsData}, After: []string{"annotations"},
		Why: "writes the finished routes",
		Doc: "each group's routes in Skipper's order"},
	{Name: "route-check", Run: routeCheck,
		Reads: []Data{GroupsData, ResolvedData}, After: []string{"emit"},
		Why: "checks the finished routes, as Skipper's routing and eskip's parser see them",
		Doc: "routes Skipper's routing drops or eskip text cannot express"},
	{Name: "assemble", Run: assemble, Global: true,
		Reads: []Data{GroupsData}, Produces: []Data{TableData}, After: []string{"emit"},
		Why: "joins the groups' finished routes",
		Doc: "the table: the first route of an id wins (RG601), then the global routes"},
}

// Validate checks the declarations against the order: every pass runs
// after the passes it names in After, and everything it reads is the
// program or is produced by a pass it runs after (directly or not).
func Validate(ps []*Pass) error {
	byName := map[string]*Pass{}
	producers := map[Data][]string{}
	for _, p := range ps {
		for _, a := range p.After {
			if byName[a] == nil {
				return fmt.Errorf("pass %s must run after %s", p.Name, a)
			}
		}
		if byName[p.Name] != nil {
			return fmt.Errorf("pass %s listed twice", p.Name)
		}
		byName[p.Name] = p
		for _, d := range p.Reads {
			if d == ProgramData {
				continue
			}
			if !anyAncestor(byName, p, producers[d]) {
				return fmt.Errorf("pass %s reads %s, which no pass it runs after produces", p.Name, d)
			}
		}
		for _, d := range p.Produces {
			producers[d] = append(producers[d], p.Name)
		}
	}
	return nil
}

// anyAncestor reports whether one of names is p or a pass p runs after,
// directly or not.
func anyAncestor(byName map[string]*Pass, p *Pass, names []string) bool {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	seen := map[string]bool{}
	var walk func(*Pass) bool
	walk = func(q *Pass) bool {
		if q == nil || seen[q.Name] {
			return false
		}
		seen[q.Name] = true
		if want[q.Name] && q != p {
			return true
		}
		for _, a := range q.After {
			if walk(byName[a]) {
				return true
			}
		}
		return false
	}
	return walk(p)
}

// Result is what the pipeline produced besides the diagnostics.
type Result struct {
	Verdicts *ir.Verdicts
	// Groups are each lowered group's routes, in group order.
	Groups []*GroupRoutes
	// Table is the routing table; Lower leaves it nil.
	Table *ir.Table
}

// Run runs the pipeline over prog and returns the routing table. prog is
// not changed.
func Run(prog *ir.Program, opts Options, diags *diag.List) (*Result, error) {
	return runPipeline(Pipeline, prog, &opts, diags, nil, true)
}

// Lower runs the pipeline over prog, leaving out the global passes, and
// returns the routes of each group, in group order. seed may be nil.
func Lower(prog *ir.Program, opts *Options, diags *diag.List, seed func(SchemeKey) (string, bool)) (*Result, error) {
	return runPipeline(Pipeline, prog, opts, diags, seed, false)
}

func runPipeline(ps []*Pass, prog *ir.Program, opts *Options, diags *diag.List, seed func(SchemeKey) (string, bool), global bool) (*Result, error) {
	ctx := &Context{Prog: prog, Opts: opts, Diags: diags, Seed: seed, Verdicts: ir.NewVerdicts()}
	for _, p := range ps {
		if p.Global && !global {
			continue
		}
		if err := runPass(ctx, p); err != nil {
			return nil, err
		}
	}
	return &Result{Verdicts: ctx.Verdicts, Groups: ctx.Groups, Table: ctx.Table}, nil
}

func runPass(ctx *Context, p *Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in pass %s: %v\n%s", p.Name, r, debug.Stack())
		}
	}()
	return p.Run(ctx)
}
