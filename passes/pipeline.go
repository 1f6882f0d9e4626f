package passes

import (
	"fmt"
	"runtime/debug"

	"github.com/rgc-dev/rgc/internal/diag"
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
	Prog    *ir.Program
	Opts    *Options
	Table   *ir.Table
	Diags   *diag.List
}

// Pipeline lists the passes in the order they run.
var Pipeline = []*Pass{}

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
func Run(prog *ir.Program, opts Options, diags *diag.List) (table *ir.Table, err error) {
	ctx := &Context{Prog: prog, Opts: &opts, Table: &ir.Table{}, Diags: diags}
	for _, p := range Pipeline {
		if err := runPass(ctx, p); err != nil {
			return ctx.Table, err
		}
	}
	return ctx.Table, nil
}

func runPass(ctx *Context, p *Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in pass %s: %v\n%s", p.Name, r, debug.Stack())
		}
	}()
	return p.Run(ctx)
}
