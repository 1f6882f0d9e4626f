package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/zalando/skipper/config"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/passes"
)

// get requests path from h with the given headers ("Name: value") and
// returns the response with its body read.
func get(t *testing.T, url, method string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Set(k, v)
	}
	// No transparent gzip: the test looks at the encoding itself.
	rsp, err := (&http.Transport{DisableCompression: true}).RoundTrip(r)
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	b, err := io.ReadAll(rsp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rsp, b
}

func TestRouteServerProtocol(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.yaml", groupDoc("a", "/a", "app")+"---\n"+groupDoc("b", "/b", "app"))
	srv := New(Config{Paths: []string{dir}, Compile: passes.CLIDefaults()})
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	// Before the first compilation.
	if rsp, _ := get(t, hs.URL+"/routes", "GET"); rsp.StatusCode != 404 {
		t.Errorf("/routes before loading: %d, want 404", rsp.StatusCode)
	}
	if rsp, _ := get(t, hs.URL+"/health", "GET"); rsp.StatusCode != 503 {
		t.Errorf("/health before loading: %d, want 503", rsp.StatusCode)
	}
	if _, err := srv.Load(); err != nil {
		t.Fatal(err)
	}
	if rsp, _ := get(t, hs.URL+"/health", "GET"); rsp.StatusCode != 204 {
		t.Errorf("/health: %d, want 204", rsp.StatusCode)
	}

	rsp, body := get(t, hs.URL+"/routes", "GET")
	tb := srv.table()
	etag := `"` + tb.hash + `"`
	if rsp.StatusCode != 200 || rsp.Header.Get("Etag") != etag || rsp.Header.Get("X-Count") != strconv.Itoa(len(tb.routes)) ||
		!strings.HasPrefix(rsp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/routes: %d %v", rsp.StatusCode, rsp.Header)
	}
	routes, err := eskip.Parse(string(body))
	if err != nil || !eskip.EqLists(routes, tb.routes) || len(routes) != 7 {
		t.Fatalf("/routes body (%v): %s", err, body)
	}
	if rsp, b := get(t, hs.URL+"/routes", "GET", "If-None-Match: "+etag); rsp.StatusCode != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d", rsp.StatusCode)
	}
	if rsp, b := get(t, hs.URL+"/routes", "HEAD"); rsp.StatusCode != 200 || len(b) != 0 || rsp.Header.Get("X-Count") == "" {
		t.Errorf("HEAD: %d %v", rsp.StatusCode, rsp.Header)
	}
	if rsp, _ := get(t, hs.URL+"/routes", "POST"); rsp.StatusCode != 405 {
		t.Errorf("POST: %d", rsp.StatusCode)
	}

	rsp, zipped := get(t, hs.URL+"/routes", "GET", "Accept-Encoding: gzip")
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || rsp.Header.Get("Content-Encoding") != "gzip" || rsp.Header.Get("Etag") != `"`+tb.hash+`+gzip"` || !bytes.Equal(unzipped, body) {
		t.Errorf("gzip: %v %v", err, rsp.Header)
	}
	if rsp, _ := get(t, hs.URL+"/routes", "GET", "Accept-Encoding: gzip", `If-None-Match: "`+tb.hash+`+gzip"`); rsp.StatusCode != 304 {
		t.Errorf("gzip If-None-Match: %d", rsp.StatusCode)
	}

	var st Status
	rsp, b := get(t, hs.URL+"/status", "GET")
	if err := json.Unmarshal(b, &st); err != nil || rsp.StatusCode != 200 {
		t.Fatalf("/status: %d %v: %s", rsp.StatusCode, err, b)
	}
	if !st.Loaded || st.Hash != tb.hash || st.Routes != 7 || st.Groups != 2 || st.Compiles != 1 || st.LastCompile.IsZero() ||
		st.group("default/a") == nil || st.group("default/a").State != StateOK {
		t.Errorf("/status: %s", b)
	}
}

// TestFleet runs a stock Skipper, configured by Skipper's own flags, that
// polls rgc's route server: it routes with rgc's table and picks up a
// change.
func TestFleet(t *testing.T) {
	f1, f2 := newBackend(t, "f1"), newBackend(t, "f2")
	dir := t.TempDir()
	group := func(to string) string {
		return services(f1, f2) + routeGroup("fleet", "  hosts: [fleet.test]\n"+serviceBackends("f1", "f2")+
			"  routes:\n  - pathSubtree: /\n    backends: [{backendName: "+to+"}]\n")
	}
	write(t, dir, "fleet.yaml", group("f1"))
	srv := New(Config{Paths: []string{dir}, Compile: passes.CLIDefaults(), RoutesListener: "127.0.0.1:0", Watch: true})
	if _, err := srv.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}

	cfg := config.NewConfig()
	err := cfg.ParseArgs("skipper", []string{
		"-routes-urls=http://" + srv.RoutesAddr() + "/routes",
		"-source-poll-timeout=100",
		"-support-listener=",
		"-access-log-disabled",
		"-application-log-level=WARN",
	})
	if err != nil {
		t.Fatal(err)
	}
	stock := &fixture{t: t, proxy: runSkipper(t, cfg.ToOptions())}
	stock.routesTo(patience, "GET fleet.test/", "200 f1")
	write(t, dir, "fleet.yaml", group("f2"))
	took := stock.routesTo(patience, "GET fleet.test/", "200 f2")
	t.Logf("change served by the fleet after %v", took)
	if got := stock.route("GET other.test/"); got != "404 " {
		t.Errorf("unknown host: %s", got)
	}
}
