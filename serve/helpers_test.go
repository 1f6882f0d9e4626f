package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/skipper"

	"github.com/rgc-dev/rgc/passes"
)

// The tests run on loopback only, with servers they start on 127.0.0.1;
// every wait is a poll with a deadline, generous for a loaded machine.
const patience = 30 * time.Second

// backend is a local HTTP server that answers with its name in X-Backend.
type backend struct {
	name string
	srv  *httptest.Server
	hits atomic.Int64
}

func newBackend(t *testing.T, name string) *backend {
	b := &backend{name: name}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.hits.Add(1)
		w.Header().Set("X-Backend", name)
		io.WriteString(w, name)
	}))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *backend) port() int { return b.srv.Listener.Addr().(*net.TCPAddr).Port }

// service is a Service named b.name in namespace default with an Endpoints
// object pointing at the backend: Service port 80, endpoint
// 127.0.0.1:<backend's port>.
func (b *backend) service() string {
	return fmt.Sprintf(`---
apiVersion: v1
kind: Service
metadata: {namespace: default, name: %[1]s}
spec:
  type: ClusterIP
  clusterIP: 10.3.0.1
  ports: [{name: http, port: 80, targetPort: %[2]d}]
---
apiVersion: v1
kind: Endpoints
metadata: {namespace: default, name: %[1]s}
subsets:
- addresses: [{ip: 127.0.0.1}]
  ports: [{name: http, port: %[2]d}]
`, b.name, b.port())
}

// write writes content to dir/name via a temporary file and a rename, as
// editors do.
func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := writeFile(dir, name, content); err != nil {
		t.Fatal(err)
	}
}

func writeFile(dir, name, content string) error {
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(p), ".tmp-"+filepath.Base(p))
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// testConfig parses flags as rgc serve does, for a server on dir; Skipper's
// address comes from freeAddr.
func testConfig(t *testing.T, dir string, args ...string) Config {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f := RegisterFlags(fs)
	base := []string{"-support-listener=", "-access-log-disabled", "-application-log-level=WARN"}
	if err := fs.Parse(append(base, args...)); err != nil {
		t.Fatal(err)
	}
	opts := passes.CLIDefaults()
	opts.Healthcheck, opts.HTTPSRedirect = false, false
	cfg, err := f.Config([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runSkipper runs Skipper with o on a free loopback address, retrying on
// another when the address was taken meanwhile, and returns the address
// once Skipper answers. Skipper cannot be stopped short of SIGTERM, which
// would stop every instance in the process: it runs until the test binary
// exits.
func runSkipper(t *testing.T, o skipper.Options) string {
	t.Helper()
	for range 3 {
		o.Address = freeAddr(t)
		done := make(chan error, 1)
		go func() { done <- skipper.Run(o) }()
		deadline := time.Now().Add(patience)
		for time.Now().Before(deadline) {
			select {
			case err := <-done:
				t.Logf("skipper on %s stopped: %v", o.Address, err)
				deadline = time.Time{}
				continue
			default:
			}
			if c, err := net.DialTimeout("tcp", o.Address, time.Second); err == nil {
				c.Close()
				return o.Address
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Fatal("skipper did not start")
	return ""
}

// fixture is a Server on a directory of inputs, with Skipper routing.
type fixture struct {
	t     *testing.T
	dir   string
	srv   *Server
	proxy string // Skipper's address
}

// serve starts a Server on dir with the given flags, and Skipper.
func serve(t *testing.T, dir string, args ...string) *fixture {
	t.Helper()
	srv := New(testConfig(t, dir, args...))
	if _, err := srv.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, dir: dir, srv: srv, proxy: runSkipper(t, srv.SkipperOptions())}
}

// client is an HTTP client for the tests: bounded, no redirects.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{MaxIdleConnsPerHost: 16},
}

// do sends a request through the proxy at addr; spec is "METHOD
// host/path", headers are "Name: value".
func do(addr, spec string, headers ...string) (status int, h http.Header, err error) {
	method, target, _ := strings.Cut(spec, " ")
	host, path, _ := strings.Cut(target, "/")
	r, err := http.NewRequest(method, "http://"+addr+"/"+path, nil)
	if err != nil {
		return 0, nil, err
	}
	r.Host = host
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Add(k, v)
	}
	rsp, err := client.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer rsp.Body.Close()
	_, err = io.Copy(io.Discard, rsp.Body)
	return rsp.StatusCode, rsp.Header, err
}

// route returns "STATUS BACKEND" for a request, e.g. "200 a" or "404 ".
func (f *fixture) route(spec string, headers ...string) string {
	status, h, err := do(f.proxy, spec, headers...)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%d %s", status, h.Get("X-Backend"))
}

// eventually polls check until it returns nil or the deadline passes, and
// returns how long it took.
func eventually(t *testing.T, within time.Duration, what string, check func() error) time.Duration {
	t.Helper()
	start := time.Now()
	var err error
	for time.Since(start) < within {
		if err = check(); err == nil {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: not within %v: %v", what, within, err)
	return 0
}

// routesTo waits until spec is answered with want ("200 a").
func (f *fixture) routesTo(within time.Duration, spec, want string, headers ...string) time.Duration {
	f.t.Helper()
	return eventually(f.t, within, spec+" → "+want, func() error {
		if got := f.route(spec, headers...); got != want {
			return errors.New("got " + got)
		}
		return nil
	})
}
