package analysis

import (
	"fmt"
	"regexp"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// Options select the analyses and configure them. The zero value runs
// none and changes no severity.
type Options struct {
	// Registry checks predicate and filter names and arguments against
	// Skipper's registries (RG5xx).
	Registry bool
	// CrossGroup compares routes, hosts and backends across route groups
	// (RG6xx).
	CrossGroup bool
	// Policy is checked when any of its rules is set (RG7xx).
	Policy Policy
	// Levels change the severity of diagnostics by code (-W, -Werror);
	// they apply to every diagnostic of the compilation, not only to the
	// analyses'.
	Levels Levels
	// Registry to check against; nil means DefaultRegistry().
	Reg *Registry
}

// Policy holds the rules of rgc check's policy flags.
type Policy struct {
	// DenyFilters and DenyPredicates are names that routes must not use
	// (-deny-filters, -deny-predicates).
	DenyFilters, DenyPredicates []string
	// AllowedBackendHosts, when not empty: one of them must match the host
	// of every network backend address and lb endpoint
	// (-allow-backend-host). The match is unanchored, as for Skipper's
	// -kubernetes-allowed-external-name.
	AllowedBackendHosts []*regexp.Regexp
	// MaxRoutesPerGroup caps the routes one group adds to the table; 0
	// means no cap (-max-routes-per-group).
	MaxRoutesPerGroup int
	// ExclusiveHosts makes a host that groups in different namespaces
	// claim an error instead of a warning (-exclusive-hosts).
	ExclusiveHosts bool
}

func (p *Policy) active() bool {
	return len(p.DenyFilters)+len(p.DenyPredicates)+len(p.AllowedBackendHosts) > 0 || p.MaxRoutesPerGroup > 0
}

// Analyzer runs the analyses; it implements passes.Analyzer, so that
// setting passes.Options.Analyzer (rgc.Options.Analyzer) to one makes
// rgc.Compile run it.
type Analyzer struct {
	opts Options
}

var _ passes.Analyzer = (*Analyzer)(nil)

// New returns an Analyzer with opts.
func New(opts Options) *Analyzer {
	if opts.Reg == nil && opts.Registry {
		opts.Reg = DefaultRegistry()
	}
	return &Analyzer{opts: opts}
}

// analysis is one analysis: a name, what it reports, and when it runs.
type analysis struct {
	Name string
	Doc  string
	On   func(*Options) bool
	Run  func(*pass)
}

// analyses run in this order; each reads the program and the table and
// only reports, so the order decides nothing but the order of discovery
// (the diagnostics are sorted afterwards).
var analyses = []*analysis{
	{Name: "registry", Doc: "predicate and filter names and arguments against Skipper's registries (RG501-RG506)",
		On: func(o *Options) bool { return o.Registry }, Run: registryChecks},
	{Name: "route-fields", Doc: "Path, PathSubtree, Method and Host predicates next to the route fields (RG507, RG508)",
		On: func(o *Options) bool { return o.Registry }, Run: routeFieldChecks},
	{Name: "hosts", Doc: "hosts shared across namespaces and east-west host collisions (RG603, RG604)",
		On: func(o *Options) bool { return o.CrossGroup }, Run: hostChecks},
	{Name: "duplicate-routes", Doc: "routes that match exactly the same requests (RG602)",
		On: func(o *Options) bool { return o.CrossGroup }, Run: duplicateRoutes},
	{Name: "unused", Doc: "backends and default backends no route uses (RG605, RG606)",
		On: func(o *Options) bool { return o.CrossGroup }, Run: unusedBackends},
	{Name: "never-matches", Doc: "routes whose predicates never match (RG607)",
		On: func(o *Options) bool { return o.CrossGroup }, Run: neverMatches},
	{Name: "policy", Doc: "denied filters and predicates, backend hosts, routes per group (RG701-RG704)",
		On: func(o *Options) bool { return o.Policy.active() }, Run: policyChecks},
}

// pass is what an analysis works on.
type pass struct {
	prog  *ir.Program
	v     *ir.Verdicts
	conv  *passes.Options
	table *ir.Table
	opts  *Options
	diags *diag.List
	calls *checker
}

// Analyze runs the selected analyses, then applies the levels to every
// diagnostic in diags.
func (a *Analyzer) Analyze(prog *ir.Program, v *ir.Verdicts, conv *passes.Options, table *ir.Table, diags *diag.List) error {
	p := &pass{prog: prog, v: v, conv: conv, table: table, opts: &a.opts, diags: diags}
	if a.opts.Reg != nil {
		p.calls = newChecker(a.opts.Reg)
	}
	for _, an := range analyses {
		if an.On(&a.opts) {
			an.Run(p)
		}
	}
	a.opts.Levels.Apply(diags)
	return nil
}

// report adds a diagnostic for group g (nil for none) at span; a span
// without a file falls back to the group.
func (p *pass) report(sev diag.Severity, code diag.Code, g *ir.RouteGroup, at src.Span, path, format string, args ...any) *diag.Diagnostic {
	d := diag.Diagnostic{Severity: sev, Code: code, Span: at, Path: path, Message: fmt.Sprintf(format, args...)}
	if g != nil {
		d.Group = g.ID()
		if at.File == nil {
			d.Span = g.Src
		}
	}
	p.diags.Add(d)
	return &(*p.diags)[len(*p.diags)-1]
}

// groups returns the program's groups in Skipper's order.
func (p *pass) groups() []*ir.RouteGroup { return p.v.Order }

// checked reports whether analyses look at g: a group of another class is
// not Skipper's concern.
func (p *pass) checked(g *ir.RouteGroup) bool {
	return !p.v.Skipped(g) && g.Name.V != "" && g.HasSpec
}

// live reports whether g contributes routes.
func (p *pass) live(g *ir.RouteGroup) bool { return p.checked(g) && !p.v.Rejected(g) }

// spanOr returns s when it is valid and else fallback.
func spanOr(s, fallback src.Span) src.Span {
	if s.IsValid() {
		return s
	}
	return fallback
}

// where renders a span for a message that names another place.
func where(s src.Span) string {
	if !s.IsValid() {
		return ""
	}
	return " (" + s.String() + ")"
}
