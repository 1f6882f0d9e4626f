package rgc

import (
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// compileFiles compiles files; read are the diagnostics of reading them.
func compileFiles(opts Options, files []*src.File, read ...diag.Diagnostic) (*Result, error) {
	prog, diags := frontend.Load(files)
	diags = append(diags, read...)
	if opts.DefaultFiltersDir != "" {
		loadDefaultFilters(prog, opts.DefaultFiltersDir, &diags)
	}
	out, err := passes.Run(prog, opts, &diags)
	if err != nil {
		return nil, err
	}
	table := out.Table
	if err := passes.Analyze(prog, out.Verdicts, &opts, table, &diags); err != nil {
		return nil, err
	}
	diags.Sort()
	res := &Result{Diagnostics: diags, Program: prog, Verdicts: out.Verdicts, Table: table}
	res.Routes = backend.Routes(table)
	byGroup := map[*ir.RouteGroup][]*eskip.Route{}
	for i, r := range table.Routes {
		if r.Group != nil {
			byGroup[r.Group] = append(byGroup[r.Group], res.Routes[i])
		}
	}
	groupDiags := groupDiagnostics(diags)
	for _, g := range out.Verdicts.Order {
		id := g.ID()
		ds := groupDiags[id]
		res.Groups = append(res.Groups, &GroupResult{
			ID: id, File: g.Src.FileName(), Routes: byGroup[g],
			Diagnostics: ds, Failed: ds.HasErrors(), Skipped: out.Verdicts.Skipped(g),
		})
	}
	return res, nil
}

// groupDiagnostics splits l by group in one pass over it, keeping its
// order; filtering l once per group (List.ForGroup) would make assembling
// a result quadratic: groups × diagnostics.
func groupDiagnostics(l diag.List) map[string]diag.List {
	out := map[string]diag.List{}
	for _, d := range l {
		if d.Group != "" {
			out[d.Group] = append(out[d.Group], d)
		}
	}
	return out
}

func loadDefaultFilters(prog *ir.Program, dir string, diags *diag.List) {
	df, dd, err := frontend.LoadDefaultFilters(dir)
	*diags = append(*diags, dd...)
	if err != nil {
		// Skipper logs this and goes on without default filters.
		diags.Add(diag.Diagnostic{Severity: diag.Warning, Code: diag.DefaultFiltersInvalid,
			Span:    src.Span{File: src.NewFile(dir, nil)},
			Message: "cannot read the default filters directory: " + err.Error() + "; no default filters are applied",
			Hint:    "check -default-filters-dir"})
		return
	}
	prog.DefaultFilters = df
}
