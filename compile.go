package rgc

import (
	"github.com/rgc-dev/rgc/backend/eskip"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/passes"
)

func compileFiles(opts Options, files []*src.File) (*Result, error) {
	prog, diags := frontend.Load(files)
	if opts.DefaultFiltersDir != "" {
		df, dd, err := frontend.LoadDefaultFilters(opts.DefaultFiltersDir)
		diags = append(diags, dd...)
		if err != nil {
			// Skipper logs this and goes on without default filters.
			diags.Add(diag.Diagnostic{Severity: diag.Warning, Code: diag.DefaultFiltersInvalid,
				Span:    src.Span{File: src.NewFile(opts.DefaultFiltersDir, nil)},
				Message: "cannot read the default filters directory: " + err.Error() + "; no default filters are applied",
				Hint:    "check -default-filters-dir"})
		} else {
			prog.DefaultFilters = df
		}
	}
	table, err := passes.Run(prog, opts, &diags)
	if err != nil {
		return nil, err
	}
	diags.Sort()
	return &Result{Routes: eskip.Routes(table), Diagnostics: diags, Program: prog, Table: table}, nil
}
