package rgc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc/analysis"
)

// warnedGroups is one document of n route groups with w unused backends
// each: w warnings (RG605) per group under analysis.
func warnedGroups(n, w int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "---\napiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {name: g%d, namespace: default}\n", i)
		fmt.Fprintf(&b, "spec:\n  hosts: [g%d.example.org]\n  backends:\n  - {name: s, type: network, address: \"http://10.0.0.1\"}\n", i)
		for j := range w {
			fmt.Fprintf(&b, "  - {name: u%d, type: network, address: \"http://10.0.0.2\"}\n", j)
		}
		b.WriteString("  defaultBackends: [{backendName: s}]\n")
	}
	return []byte(b.String())
}

// Result visits each group, route and diagnostic a bounded number of
// times, however the diagnostics are spread over the groups (filtering
// the list once per group made serve's reloads take groups × diagnostics),
// and is assembled once per update.
func TestResultLinear(t *testing.T) {
	for _, tc := range []struct{ groups, warnings int }{{50, 0}, {50, 10}, {400, 10}} {
		t.Run(fmt.Sprintf("%dx%d", tc.groups, tc.warnings), func(t *testing.T) {
			c := NewCompiler(Options{Analyzer: analysis.New(analysis.Options{CrossGroup: true})})
			if _, err := c.Update(Change{Name: "a.yaml", Content: warnedGroups(tc.groups, tc.warnings)}); err != nil {
				t.Fatal(err)
			}
			c.steps = 0
			res := c.Result()
			size := len(res.Groups) + len(res.Routes) + len(res.Diagnostics)
			if c.steps > 2*size {
				t.Errorf("Result took %d steps for %d groups, %d routes and %d diagnostics; want at most %d",
					c.steps, len(res.Groups), len(res.Routes), len(res.Diagnostics), 2*size)
			}
			if len(res.Groups) != tc.groups || len(res.Diagnostics) != tc.groups*tc.warnings {
				t.Fatalf("%d groups, %d diagnostics; want %d and %d", len(res.Groups), len(res.Diagnostics), tc.groups, tc.groups*tc.warnings)
			}
			for _, g := range res.Groups {
				if len(g.Diagnostics) != tc.warnings {
					t.Fatalf("group %s: %d diagnostics, want %d", g.ID, len(g.Diagnostics), tc.warnings)
				}
				for _, d := range g.Diagnostics {
					if d.Group != g.ID {
						t.Fatalf("group %s holds a diagnostic of %s", g.ID, d.Group)
					}
				}
			}
			steps := c.steps
			if again := c.Result(); again != res || c.steps != steps {
				t.Errorf("a second Result without an update was assembled again (%d more steps)", c.steps-steps)
			}
			edit := strings.Replace(string(warnedGroups(tc.groups, tc.warnings)), "10.0.0.1", "10.0.0.3", 1)
			if _, err := c.Update(Change{Name: "a.yaml", Content: []byte(edit)}); err != nil {
				t.Fatal(err)
			}
			if c.Result() == res {
				t.Errorf("Result after an update is the one before it")
			}
		})
	}
}
