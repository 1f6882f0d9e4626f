package serve

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// routeGroup is a RouteGroup document; spec is its spec, indented by two.
func routeGroup(name, spec string) string {
	return fmt.Sprintf("---\napiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {namespace: default, name: %s}\nspec:\n%s", name, spec)
}

// serviceBackends declares a service backend per name, each to the
// Service of the same name.
func serviceBackends(names ...string) string {
	s := "  backends:\n"
	for _, n := range names {
		s += fmt.Sprintf("  - {name: %[1]s, type: service, serviceName: %[1]s, servicePort: 80}\n", n)
	}
	return s
}

func services(bs ...*backend) string {
	var s strings.Builder
	for _, b := range bs {
		s.WriteString(b.service())
	}
	return s.String()
}

func TestRoutesByHostPathMethodHeaderCookie(t *testing.T) {
	a, b, c, d, e := newBackend(t, "a"), newBackend(t, "b"), newBackend(t, "c"), newBackend(t, "d"), newBackend(t, "e")
	dir := t.TempDir()
	write(t, dir, "services.yaml", services(a, b, c, d))
	write(t, dir, "shop.yaml", routeGroup("shop", `  hosts: [shop.test]
`+serviceBackends("a", "b", "c", "d")+`  defaultBackends: [{backendName: a}]
  routes:
  - pathSubtree: /
  - path: /api
    methods: [POST]
    backends: [{backendName: b}]
  - pathSubtree: /
    predicates: ['Header("X-Canary", "yes")']
    backends: [{backendName: c}]
  - pathSubtree: /
    predicates: ['Cookie("beta", "1")']
    backends: [{backendName: d}]
`)+routeGroup("other", fmt.Sprintf(`  hosts: [other.test]
  backends:
  - {name: e, type: network, address: "http://127.0.0.1:%d"}
  defaultBackends: [{backendName: e}]
  routes:
  - pathSubtree: /
`, e.port())))
	f := serve(t, dir)
	for _, tc := range []struct {
		spec    string
		headers []string
		want    string
	}{
		{"GET shop.test/", nil, "200 a"},
		{"GET shop.test/api", nil, "200 a"},
		{"POST shop.test/api", nil, "200 b"},
		{"GET shop.test/x", []string{"X-Canary: yes"}, "200 c"},
		{"GET shop.test/x", []string{"X-Canary: no"}, "200 a"},
		{"GET shop.test/x", []string{"Cookie: beta=1"}, "200 d"},
		{"GET shop.test/x", []string{"Cookie: beta=2"}, "200 a"},
		{"GET other.test/anything", nil, "200 e"},
		{"GET unknown.test/", nil, "404 "},
	} {
		if got := f.route(tc.spec, tc.headers...); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.spec, tc.headers, got, tc.want)
		}
	}
}

// TestWeightedSplit sends 2000 requests to a 70/30 split: the count of the
// 70% backend must be within 5 standard deviations of a binomial
// (±103), which a correct split misses with probability below 1e-6.
func TestWeightedSplit(t *testing.T) {
	heavy, light := newBackend(t, "heavy"), newBackend(t, "light")
	dir := t.TempDir()
	write(t, dir, "split.yaml", services(heavy, light)+routeGroup("split", `  hosts: [split.test]
`+serviceBackends("heavy", "light")+`  defaultBackends:
  - {backendName: heavy, weight: 70}
  - {backendName: light, weight: 30}
  routes:
  - pathSubtree: /
`))
	f := serve(t, dir)
	const n, p = 2000, 0.7
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan int)
	for range 4 {
		wg.Go(func() {
			for range work {
				got := f.route("GET split.test/")
				mu.Lock()
				counts[got]++
				mu.Unlock()
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	sigma := math.Sqrt(n * p * (1 - p))
	h := counts["200 heavy"]
	t.Logf("%v; expected %v ± %.0f (5σ)", counts, n*p, 5*sigma)
	if h+counts["200 light"] != n {
		t.Fatalf("failed requests: %v", counts)
	}
	if math.Abs(float64(h)-n*p) > 5*sigma {
		t.Fatalf("heavy got %d of %d, want %v ± %.0f", h, n, n*p, 5*sigma)
	}
}

// getStatus reads /status from the route server.
func (f *fixture) getStatus() Status {
	f.t.Helper()
	rsp, err := http.Get("http://" + f.srv.RoutesAddr() + "/status")
	if err != nil {
		f.t.Fatal(err)
	}
	defer rsp.Body.Close()
	var st Status
	if err := json.NewDecoder(rsp.Body).Decode(&st); err != nil {
		f.t.Fatal(err)
	}
	return st
}

func (st Status) group(id string) *GroupStatus {
	for i := range st.RouteGroups {
		if st.RouteGroups[i].ID == id {
			return &st.RouteGroups[i]
		}
	}
	return nil
}

// statusOf waits until /status shows group id in state, with a diagnostic
// of code (none when ""), serving n routes, and Skipper holding that
// table; it returns the status.
func (f *fixture) statusOf(id, state, code string, n int) Status {
	f.t.Helper()
	var st Status
	eventually(f.t, patience, id+" "+state+" "+code, func() error {
		st = f.getStatus()
		g := st.group(id)
		if g == nil || g.State != state || (code == "") != (len(g.Diagnostics) == 0) || code != "" && !hasCode(g.Diagnostics, code) ||
			g.Routes != n || st.ProxyHash != st.Hash {
			return fmt.Errorf("%+v", g)
		}
		return nil
	})
	return st
}

func hasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// TestReload edits, breaks, fixes, adds and deletes files under a watched
// directory and checks the routing and the status after each step.
func TestReload(t *testing.T) {
	r1, r2 := newBackend(t, "r1"), newBackend(t, "r2")
	dir := t.TempDir()
	write(t, dir, "services.yaml", services(r1, r2))
	group := func(to string) string {
		return routeGroup("reload", "  hosts: [reload.test]\n"+serviceBackends("r1", "r2")+
			"  routes:\n  - pathSubtree: /\n    backends: [{backendName: "+to+"}]\n")
	}
	write(t, dir, "app/reload.yaml", group("r1"))
	f := serve(t, dir, "-routes-listener=127.0.0.1:0")
	if got := f.route("GET reload.test/"); got != "200 r1" {
		t.Fatalf("before: %s", got)
	}

	// An edit is served within 2s (debounce, compilation, Skipper's poll).
	write(t, dir, "app/reload.yaml", group("r2"))
	took := f.routesTo(2*time.Second, "GET reload.test/", "200 r2")
	t.Logf("edit served after %v", took)

	// Broken YAML: the group keeps its routes; the error is reported.
	write(t, dir, "app/reload.yaml", group("r1")+"  broken: [\n")
	// 2 routes: the route and the host's catch-all.
	st := f.statusOf("default/reload", StateKept, "RG001", 2)
	if !hasCode(st.Diagnostics, "RG001") || st.Errors != 1 {
		t.Errorf("status diagnostics after a YAML error: %+v, %d errors", st.Diagnostics, st.Errors)
	}
	if got := f.route("GET reload.test/"); got != "200 r2" {
		t.Errorf("after a YAML error: %s, want the last good routes (200 r2)", got)
	}

	// A route group error: the same.
	write(t, dir, "app/reload.yaml", group("nope"))
	f.statusOf("default/reload", StateKept, "RG212", 2)
	if got := f.route("GET reload.test/"); got != "200 r2" {
		t.Errorf("after a group error: %s, want the last good routes (200 r2)", got)
	}

	// Fixed.
	write(t, dir, "app/reload.yaml", group("r1"))
	f.routesTo(patience, "GET reload.test/", "200 r1")
	f.statusOf("default/reload", StateOK, "", 2)

	// A file in a new directory is picked up.
	write(t, dir, "new/sub/added.yaml", routeGroup("added", "  hosts: [added.test]\n"+serviceBackends("r2")+
		"  routes:\n  - pathSubtree: /\n    backends: [{backendName: r2}]\n"))
	f.routesTo(patience, "GET added.test/", "200 r2")

	// Deleting a file removes its groups.
	if err := os.Remove(filepath.Join(dir, "app/reload.yaml")); err != nil {
		t.Fatal(err)
	}
	f.routesTo(patience, "GET reload.test/", "404 ")
	st = f.getStatus()
	if st.group("default/reload") != nil || st.group("default/added") == nil || st.Errors != 0 || st.Routes != 2 { // the route and the host's catch-all
		t.Errorf("status after deleting: %+v", st)
	}
}

// TestLuaOnlyWithSources checks that the lua filter is disabled unless
// -lua-sources enables it: Skipper then rejects the route that uses it.
func TestLuaOnlyWithSources(t *testing.T) {
	a := newBackend(t, "a")
	dir := t.TempDir()
	write(t, dir, "lua.yaml", services(a)+routeGroup("lua", "  hosts: [lua.test]\n"+serviceBackends("a")+`  routes:
  - path: /plain
    backends: [{backendName: a}]
  - path: /lua
    filters:
    - |-
      lua("function response(ctx, params) ctx.response.header['X-Lua'] = 'yes' end")
    backends: [{backendName: a}]
`))
	off := serve(t, dir)
	if got := off.route("GET lua.test/plain"); got != "200 a" {
		t.Errorf("without -lua-sources, /plain: %s", got)
	}
	if got := off.route("GET lua.test/lua"); got != "404 " {
		t.Errorf("without -lua-sources, /lua: %s, want 404 (the route is rejected)", got)
	}
	on := serve(t, dir, "-lua-sources=inline")
	status, h, err := do(on.proxy, "GET lua.test/lua")
	if err != nil || status != 200 || h.Get("X-Lua") != "yes" {
		t.Errorf("with -lua-sources=inline, /lua: %d %v %v", status, h, err)
	}
}
