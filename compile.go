package rgc

import (
	"github.com/rgc-dev/rgc/backend/eskip"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/passes"
)

func compileFiles(opts Options, files []*src.File) (*Result, error) {
	prog, diags := frontend.Load(files)
	table, err := passes.Run(prog, opts, &diags)
	if err != nil {
		return nil, err
	}
	diags.Sort()
	return &Result{Routes: eskip.Routes(table), Diagnostics: diags, Program: prog, Table: table}, nil
}
