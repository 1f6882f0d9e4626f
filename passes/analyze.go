package passes

import (
	"fmt"
	"runtime/debug"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// Analyzer checks the compiled program beyond what the conversion needs:
// Skipper's filter and predicate registries, conflicts between route
// groups, policy. Package analysis implements it; passes only calls it, so
// that Skipper's registries stay out of the core packages.
//
// Analyze reports problems in the input as diagnostics and returns an
// error only when it fails itself. It reads the passes' verdicts (groups in
// Verdicts.Order, which are rejected or skipped) and must not change the
// program, the verdicts or the table: the routing table is Skipper's,
// whatever the analysis finds.
type Analyzer interface {
	Analyze(prog *ir.Program, verdicts *ir.Verdicts, opts *Options, table *ir.Table, diags *diag.List) error
}

// Analyze runs opts.Analyzer, when set, over the finished table. It runs
// after the table is assembled, because the analyses compare routes of
// different groups and read every diagnostic reported before them.
func Analyze(prog *ir.Program, verdicts *ir.Verdicts, opts *Options, table *ir.Table, diags *diag.List) (err error) {
	if opts.Analyzer == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in the analysis: %v\n%s", r, debug.Stack())
		}
	}()
	return opts.Analyzer.Analyze(prog, verdicts, opts, table, diags)
}
