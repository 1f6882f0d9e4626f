package rgc_test

import (
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/gen"
	"github.com/rgc-dev/rgc/internal/src"
)

// TestAllocationBudgets holds the allocations of each phase on a fixed
// generated state (200 route groups, 1,477 routes) to a budget a little
// above what they take today, so that a change that makes a phase allocate
// more fails here, in make test, rather than in the next benchmark run.
// The counts are deterministic: one goroutine, the same input. When a
// change lowers a count, lower its budget with it.
func TestAllocationBudgets(t *testing.T) {
	s := gen.Generate(gen.Config{Groups: 200, Seed: 1})
	budgets := []struct {
		name                    string
		in                      []byte
		decode, lower, printAll float64 // decode and lower per route, print per table
	}{
		// measured: decode 15.6 (JSON) and 14.3 (YAML) per route, lowering
		// 28.4 per route, printing 16 per table
		{"state.json", s.JSON(), 17, 31, 24},
		{"state.yaml", s.YAML(), 16, 31, 24},
	}
	for _, b := range budgets {
		t.Run(b.name, func(t *testing.T) {
			var routes []*eskip.Route
			decode := testing.AllocsPerRun(3, func() {
				if _, ds := frontend.Load([]*src.File{src.NewFile(b.name, b.in)}); ds.HasErrors() {
					t.Fatal(ds.Err())
				}
			})
			all := testing.AllocsPerRun(3, func() {
				r, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: b.name, Content: b.in})
				if err != nil || r.HasErrors() {
					t.Fatal(err, r.Diagnostics.Err())
				}
				routes = r.Routes
			})
			n := float64(len(routes))
			if n < 1000 {
				t.Fatalf("%d routes: the generated state is not the one the budgets were measured on", len(routes))
			}
			printAll := testing.AllocsPerRun(3, func() { backend.Append(nil, eskip.PrettyPrintInfo{}, routes...) })
			t.Logf("%d routes: decode %.1f, lowering %.1f allocations per route; printing %.0f", len(routes), decode/n, (all-decode)/n, printAll)
			if decode/n > b.decode {
				t.Errorf("decoding takes %.1f allocations per route, budget %.0f", decode/n, b.decode)
			}
			if (all-decode)/n > b.lower {
				t.Errorf("lowering takes %.1f allocations per route, budget %.0f", (all-decode)/n, b.lower)
			}
			if printAll > b.printAll {
				t.Errorf("printing the table takes %.0f allocations, budget %.0f", printAll, b.printAll)
			}
		})
	}
}
