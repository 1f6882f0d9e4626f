package passes

import "github.com/rgc-dev/rgc/ir"

func refsWithWeights(ws ...int) []*ir.BackendRef {
	out := make([]*ir.BackendRef, len(ws))
	for i, w := range ws {
		out[i] = &ir.BackendRef{Name: ir.Str{V: string(rune('a' + i))}, Weight: ir.Int{V: w, Set: true}}
	}
	return out
}
