package passes

import (
	"fmt"
	"runtime/debug"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// Pass is one step of the pipeline.
type Pass struct {
	Name string
	// Doc says what the pass does.
	Doc string
	// After lists passes that must run earlier, with the reason in Why.
	After []string
	Why   string
	Run   func(*Context) error
}

// Context is what a pass works on.
type Context struct {
	Prog  *ir.Program
	Opts  *Options
	Diags *diag.List
	// Out is what the pipeline produces: each lowered group's routes.
	Out []*GroupRoutes
	// Seed gives, per service and target port, the scheme that an earlier
	// group fixed in Skipper's endpoint cache; the incremental compiler
	// sets it when it lowers a group alone. May be nil.
	Seed func(SchemeKey) (string, bool)

	lowered *lowering
	seen    map[any]bool
}

// Pipeline lists the passes in the order they run. Each After names what
// must run earlier, and Why says why; TestPipelineOrder holds the line.
var Pipeline = []*Pass{
	{Name: "validate", Run: validate,
		Doc: "Skipper's route group validation: backends, references, weights, paths, methods, hosts"},
	{Name: "class", Run: routeGroupClass, After: []string{"validate"},
		Why: "Skipper validates every group, also those another class owns, and reports their errors",
		Doc: "skip groups of another route group class"},
	{Name: "regexps", Run: regexps, After: []string{"class"},
		Why: "groups that are already rejected or skipped need no second report",
		Doc: "regular expressions in pathRegexp and predicate arguments compile"},
	{Name: "resolve-backends", Run: resolveBackends, After: []string{"validate"},
		Why: "references resolve only in groups whose backends have unique names",
		Doc: "point backend references at their backends"},
	{Name: "order", Run: orderGroups, After: []string{"class"},
		Why: "lowering follows Skipper's namespace/name order, which decides id collisions",
		Doc: "sort groups by namespace and name"},
	{Name: "expand", Run: expand, After: []string{"resolve-backends", "order"},
		Why: "base routes need resolved backends and the final group order",
		Doc: "one base route per host partition, route, method and backend reference"},
	{Name: "backends", Run: applyBackends, After: []string{"expand"},
		Why: "resolves the backend of each base route; failures drop routes before anything copies them",
		Doc: "service resolution (Service, target port, Endpoints or EndpointSlices), network, lb, forward"},
	{Name: "default-filters", Run: defaultFilters, After: []string{"backends"},
		Why: "default filters go before the filters the backend set (a shunted service's status filters)",
		Doc: "prepend -default-filters-dir filters to service routes"},
	{Name: "weights", Run: weights, After: []string{"backends"},
		Why: "east-west and redirect copies carry the traffic predicates, so they come first",
		Doc: "backend weights to Traffic or TrafficSegment predicates"},
	{Name: "east-west", Run: eastWest, After: []string{"weights", "default-filters"},
		Why: "the east-west copy is a copy of the finished base route",
		Doc: "NAME.NAMESPACE.<domain> copies of external routes"},
	{Name: "https-redirect", Run: httpsRedirect, After: []string{"weights"},
		Why: "the redirect route copies the base route's predicates, traffic included",
		Doc: "X-Forwarded-Proto: http redirects to HTTPS"},
	{Name: "catch-all", Run: catchAll, After: []string{"weights", "backends"},
		Why: "whether a host-only route exists depends on the traffic predicates and on which routes failed",
		Doc: "a shunt route per host when no route matches the host alone"},
	{Name: "annotations", Run: annotations, After: []string{"catch-all", "east-west", "https-redirect"},
		Why: "annotation predicates and filters go on every route, derived ones included",
		Doc: "annotation predicates and filters, east-west range predicates"},
	{Name: "emit", Run: emit, After: []string{"annotations"},
		Why: "writes the finished routes",
		Doc: "each group's routes in Skipper's order"},
	{Name: "route-check", Run: routeCheck, After: []string{"emit"},
		Why: "checks the finished routes, as Skipper's routing and eskip's parser see them",
		Doc: "routes Skipper's routing drops or eskip text cannot express"},
}

// Validate checks that every pass runs after the passes it requires.
func Validate(ps []*Pass) error {
	seen := map[string]bool{}
	for _, p := range ps {
		for _, a := range p.After {
			if !seen[a] {
				return fmt.Errorf("pass %s must run after %s", p.Name, a)
			}
		}
		if seen[p.Name] {
			return fmt.Errorf("pass %s listed twice", p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// Run runs the pipeline over prog and returns the routing table.
func Run(prog *ir.Program, opts Options, diags *diag.List) (*ir.Table, error) {
	groups, err := Lower(prog, &opts, diags, nil)
	if err != nil {
		return nil, err
	}
	return &ir.Table{Routes: Assemble(groups, &opts, diags)}, nil
}

// Lower runs the pipeline over prog and returns the routes of each group,
// in group order. seed may be nil.
func Lower(prog *ir.Program, opts *Options, diags *diag.List, seed func(SchemeKey) (string, bool)) ([]*GroupRoutes, error) {
	ctx := &Context{Prog: prog, Opts: opts, Diags: diags, Seed: seed}
	for _, p := range Pipeline {
		if err := runPass(ctx, p); err != nil {
			return nil, err
		}
	}
	return ctx.Out, nil
}

func runPass(ctx *Context, p *Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in pass %s: %v\n%s", p.Name, r, debug.Stack())
		}
	}()
	return p.Run(ctx)
}
