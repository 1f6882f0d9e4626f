package frontend

import (
	"github.com/rgc-dev/rgc/internal/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// Load decodes files into a program.
// TODO(frontend helper): implement.
func Load(files []*src.File) (*ir.Program, diag.List) {
	p := ir.NewProgram()
	p.Files = files
	return p, nil
}
