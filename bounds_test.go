package rgc_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/passes"
)

// hostileGroup is a route group of about size bytes that asks for the
// most Skipper's expansion can give: every method, and as many weighted
// backends as fit (n backends → 9n routes of up to n-1 True() predicates
// each, O(n²) predicates).
func hostileGroup(size int) string {
	var b strings.Builder
	b.WriteString("apiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {namespace: evil, name: bomb}\nspec:\n  hosts: [bomb.example.org]\n  backends:\n")
	var refs strings.Builder
	for i := 0; b.Len()+refs.Len() < size-200; i++ {
		fmt.Fprintf(&b, "  - {name: b%d, type: shunt}\n", i)
		fmt.Fprintf(&refs, "    - {backendName: b%d, weight: 1}\n", i)
	}
	b.WriteString("  routes:\n  - pathSubtree: /\n    methods: [GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE]\n    backends:\n")
	b.WriteString(refs.String())
	return b.String()
}

const goodGroup = `apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {namespace: good, name: app}
spec:
  hosts: [app.example.org]
  backends: [{name: app, type: shunt}]
  defaultBackends: [{backendName: app}]
`

// TestHostileGroupIsBounded: a 100 KB worst-case object is rejected at the
// offending field with the size it would have produced, the other group is
// compiled, and the whole compilation allocates well under 100 MB (without
// the caps it would build about 3·10⁷ predicates).
func TestHostileGroupIsBounded(t *testing.T) {
	in := hostileGroup(100 << 10)
	if len(in) < 95<<10 {
		t.Fatalf("hostile input is only %d bytes", len(in))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := rgc.Compile(passes.CLIDefaults(), rgc.Input{Name: "bomb.yaml", Content: []byte(in)}, rgc.Input{Name: "good.yaml", Content: []byte(goodGroup)})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
		t.Errorf("compiling a 100 KB hostile group allocated %d MB; want under 100", alloc>>20)
	} else {
		t.Logf("input %d bytes, allocated %.1f MB", len(in), float64(alloc)/(1<<20))
	}
	var found bool
	for _, d := range res.Diagnostics {
		if d.Code == diag.TooLarge {
			found = true
			if d.Group != "evil/bomb" || d.Path != "spec.routes[0].backends" || !strings.Contains(d.Message, "predicates, more than the limit of 1000") {
				t.Errorf("RG014 not at the backends of the route: %s", d.Line())
			}
		}
	}
	if !found {
		t.Fatalf("no RG014 for the hostile group:\n%v", res.Diagnostics)
	}
	var ids []string
	for _, r := range res.Routes {
		ids = append(ids, r.Id)
		if strings.Contains(r.Id, "bomb") {
			t.Errorf("a route of the rejected group is in the table: %s", r.Id)
		}
	}
	if !strings.Contains(strings.Join(ids, " "), "kube_rg__good__app__all__0_0") {
		t.Errorf("the other group lost its routes: %v", ids)
	}
}
