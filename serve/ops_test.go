package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rgc-dev/rgc/passes"
)

// fetch answers "STATUS BODY" for GET url, with optional "Name: value"
// headers.
func fetch(t *testing.T, url string, headers ...string) string {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Set(k, v)
	}
	rsp, err := client.Do(r)
	if err != nil {
		return err.Error()
	}
	defer rsp.Body.Close()
	b, _ := io.ReadAll(rsp.Body)
	return fmt.Sprintf("%d %s", rsp.StatusCode, b)
}

// groupTo is a route group on host NAME.test to the network backend of b.
func groupTo(name string, b *backend) string {
	return routeGroup(name, fmt.Sprintf("  hosts: [%s.test]\n  backends:\n  - {name: b, type: network, address: %q}\n  defaultBackends: [{backendName: b}]\n  routes:\n  - pathSubtree: /\n", name, b.srv.URL))
}

// The route server answers before the first table: 404 on /routes (as
// Skipper's route server), 503 on /health and /ready.
func TestRouteServerBeforeFirstTable(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.yaml", groupTo("a", newBackend(t, "a")))
	srv := New(testConfig(t, dir, "-routes-listener=127.0.0.1:0"))
	defer srv.Close()
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + srv.RoutesAddr()
	for path, want := range map[string]string{"/routes": "404 ", "/health": "503 ", "/ready": "503 not ready: no routing table yet"} {
		if got := fetch(t, base+path); !strings.HasPrefix(got, want) {
			t.Errorf("before the first table, %s: %q, want %q", path, got, want)
		}
	}
	if got := fetch(t, base+"/metrics"); !strings.Contains(got, "\nrgc_table_loaded 0\n") {
		t.Errorf("metrics before the first table: %s", got)
	}
	if _, err := srv.Load(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/routes": "200 kube_rg", "/health": "204 ", "/ready": "200 ready: 2 routes, 1 route groups; last reload ok"} {
		if got := fetch(t, base+path); !strings.HasPrefix(got, want) {
			t.Errorf("after the first table, %s: %q, want %q", path, got, want)
		}
	}
}

// A dangling lock symlink (Emacs's .#name.yaml) and a broken link beside
// the input do not stop a neighbour's edit; the broken link is reported
// on /status and its groups keep their routes. A file that becomes
// readable again is read again on its chmod event alone.
func TestDirectoryEntriesAndChmod(t *testing.T) {
	a, b := newBackend(t, "a"), newBackend(t, "b")
	dir := t.TempDir()
	write(t, dir, "x.yaml", groupTo("x", a))
	write(t, dir, "gone/y.yaml", groupTo("yy", a))
	if err := os.Symlink("gone/y.yaml", filepath.Join(dir, "y.yaml")); err != nil {
		t.Fatal(err)
	}
	f := serve(t, dir, "-routes-listener=127.0.0.1:0")
	f.routesTo(patience, "GET yy.test/", "200 a")

	if err := os.Symlink("user@host.4242:1700000000", filepath.Join(dir, ".#x.yaml")); err != nil {
		t.Fatal(err)
	}
	// The link to y.yaml dangles now: y keeps its routes.
	if err := os.Rename(filepath.Join(dir, "gone"), filepath.Join(dir, ".gone")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "x.yaml", groupTo("x", b))
	f.routesTo(patience, "GET x.test/", "200 b")
	if got := f.route("GET yy.test/"); got != "200 a" {
		t.Errorf("the group of a broken link: %s, want its routes kept (200 a)", got)
	}
	eventually(t, patience, "RG019 on /status", func() error {
		st := f.getStatus()
		if len(st.Diagnostics) == 1 && st.Diagnostics[0].Code == "RG019" && st.Diagnostics[0].Pos == "y.yaml" {
			return nil
		}
		return fmt.Errorf("diagnostics %+v", st.Diagnostics)
	})

	// chmod: change x.yaml's content through a hard link outside the
	// watched tree (no event in it), then chmod it inside: only the
	// chmod event tells rgc to read it again. (A permission test would
	// not work for root, whom no mode stops.)
	outside := filepath.Join(t.TempDir(), "x-link.yaml")
	if err := os.Link(filepath.Join(dir, "x.yaml"), outside); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // let the link's own events pass
	fx, err := os.OpenFile(outside, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fx, groupTo("x", a))
	fx.Close()
	time.Sleep(time.Second)
	if got := f.route("GET x.test/"); got != "200 b" {
		t.Fatalf("the edit outside the tree was seen without a chmod (%s): the test proves nothing", got)
	}
	if err := os.Chmod(filepath.Join(dir, "x.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.routesTo(patience, "GET x.test/", "200 a")
}

// An input emptied for a moment keeps the table (counted on /metrics);
// with -accept-empty-input it empties it.
func TestEmptyInput(t *testing.T) {
	a := newBackend(t, "a")
	for _, accept := range []bool{false, true} {
		t.Run(fmt.Sprint("accept=", accept), func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "x.yaml", groupTo("x", a))
			f := serve(t, dir, "-routes-listener=127.0.0.1:0", "-watch=false", fmt.Sprint("-accept-empty-input=", accept))
			f.routesTo(patience, "GET x.test/", "200 a")
			if err := os.WriteFile(filepath.Join(dir, "x.yaml"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := f.srv.Reload(); err != nil {
				t.Fatal(err)
			}
			metrics := fetch(t, "http://"+f.srv.RoutesAddr()+"/metrics")
			if accept {
				f.routesTo(patience, "GET x.test/", "404 ")
				if !strings.Contains(metrics, `rgc_reloads_total{outcome="empty-ignored"} 0`) {
					t.Errorf("metrics: %s", metrics)
				}
				return
			}
			time.Sleep(500 * time.Millisecond) // several of Skipper's polls
			if got := f.route("GET x.test/"); got != "200 a" {
				t.Errorf("after emptying the input: %s, want the table kept (200 a)", got)
			}
			for _, want := range []string{`rgc_reloads_total{outcome="empty-ignored"} 1`, "\nrgc_routes 2\n", `rgc_route_groups{state="ok"} 1`, "\nrgc_table_loaded 1\n"} {
				if !strings.Contains(metrics, want) {
					t.Errorf("metrics: no %q in\n%s", want, metrics)
				}
			}
			if st := f.getStatus(); st.LastOutcome != outcomeEmpty {
				t.Errorf("status: last outcome %q", st.LastOutcome)
			}
		})
	}
}

// Readiness follows the input: 503 while it cannot be read, the table
// still served; metrics count the failed reload and the rejected group.
func TestReadyAndMetricsFollowReloads(t *testing.T) {
	a := newBackend(t, "a")
	root := t.TempDir()
	dir := filepath.Join(root, "in")
	write(t, dir, "x.yaml", groupTo("x", a))
	f := serve(t, dir, "-routes-listener=127.0.0.1:0", "-watch=false")
	base := "http://" + f.srv.RoutesAddr()
	write(t, dir, "x.yaml", strings.Replace(groupTo("x", a), "backendName: b", "backendName: nope", 1))
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	m := fetch(t, base+"/metrics")
	for _, want := range []string{`rgc_reloads_total{outcome="rejected"} 1`, "\nrgc_rejected_route_groups 1\n", `rgc_route_groups{state="kept-last-good"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics after a rejected edit: no %q in\n%s", want, m)
		}
	}
	if got := fetch(t, base+"/ready"); !strings.HasPrefix(got, "200 ready") || !strings.Contains(got, "last reload rejected") {
		t.Errorf("ready after a rejected edit: %q", got)
	}
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err == nil {
		t.Fatal("a reload of a missing input: no error")
	}
	got := fetch(t, base+"/ready")
	if !strings.HasPrefix(got, "503 not ready: the input cannot be read") || strings.Contains(got, root) {
		t.Errorf("ready with the input gone: %q (the path must not show)", got)
	}
	if got := f.route("GET x.test/"); got != "200 a" {
		t.Errorf("with the input gone: %s, want the table kept", got)
	}
	if m := fetch(t, base+"/metrics"); !strings.Contains(m, `rgc_reloads_total{outcome="input-error"} 1`) {
		t.Errorf("metrics: %s", m)
	}
}

// With a token, /routes and /status need it (bearer, or Basic as a Skipper
// sends it from -routes-urls=http://rgc:TOKEN@host/routes); /health,
// /ready and /metrics do not.
func TestRoutesToken(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.yaml", groupTo("x", newBackend(t, "a")))
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := New(testConfig(t, dir, "-routes-listener=127.0.0.1:0", "-routes-token-file="+tokenFile))
	if _, err := srv.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	addr := srv.RoutesAddr()
	for _, tc := range []struct {
		url, header, want string
	}{
		{"http://" + addr + "/routes", "", "401 "},
		{"http://" + addr + "/routes", "Authorization: Bearer wrong", "401 "},
		{"http://" + addr + "/status", "", "401 "},
		{"http://" + addr + "/routes", "Authorization: Bearer s3cret", "200 kube_rg"},
		{"http://rgc:s3cret@" + addr + "/routes", "", "200 kube_rg"},
		{"http://" + addr + "/health", "", "204 "},
		{"http://" + addr + "/ready", "", "200 ready"},
		{"http://" + addr + "/metrics", "", "200 # HELP"},
	} {
		var hs []string
		if tc.header != "" {
			hs = append(hs, tc.header)
		}
		if got := fetch(t, tc.url, hs...); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %s: %.60q, want %q", tc.url, tc.header, got, tc.want)
		}
	}
	if _, err := testConfigErr(dir, "-routes-token-file="+filepath.Join(dir, "missing")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing token file: %v", err)
	}
}

// testConfigErr is testConfig's error, for flags that must be refused.
func testConfigErr(dir string, args ...string) (Config, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f := RegisterFlags(fs)
	if err := fs.Parse(append([]string{"-support-listener="}, args...)); err != nil {
		return Config{}, err
	}
	return f.Config([]string{dir}, passes.CLIDefaults())
}
