package serve

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/rgc-dev/rgc/analysis"
	"github.com/rgc-dev/rgc/passes"
)

// helperEnv makes the test binary run serveMain instead of the tests: the
// shutdown tests signal a process of their own, not the test binary.
const helperEnv = "RGC_PROXY_TEST_SERVE"

func TestMain(m *testing.M) {
	if args := os.Getenv(helperEnv); args != "" {
		os.Exit(serveMain(args))
	}
	os.Exit(m.Run())
}

// serveMain is rgc serve in short: Skipper flags, then paths.
func serveMain(argsJSON string) int {
	var args []string
	if err := json.Unmarshal([]byte(argsJSON), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags := RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := passes.CLIDefaults()
	// As rgc serve: the analyses with Skipper's registry, whose probe's
	// log lines alone are silenced.
	analysis.QuietProbe()
	opts.Analyzer = analysis.New(analysis.Options{Registry: true, CrossGroup: true})
	cfg, err := flags.Config(fs.Args(), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	srv := New(cfg)
	if _, err := srv.Load(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	if err := srv.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestGracefulShutdown(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) { testShutdown(t, sig) })
	}
}

// testShutdown starts a serving process, sends it sig while a slow request
// is in flight, and expects the request to finish and the process to exit
// with status 0.
func testShutdown(t *testing.T, sig syscall.Signal) {
	started := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		time.Sleep(time.Second)
		w.Header().Set("X-Backend", "slow")
		io.WriteString(w, "done")
	}))
	defer slow.Close()
	dir := t.TempDir()
	write(t, dir, "slow.yaml", routeGroup("slow", fmt.Sprintf(`  hosts: [slow.test]
  backends:
  - {name: slow, type: network, address: "%s"}
  defaultBackends: [{backendName: slow}]
  routes:
  - pathSubtree: /
`, slow.URL)))

	addr := freeAddr(t)
	args, _ := json.Marshal([]string{"-address=" + addr, "-support-listener=", "-access-log-disabled",
		"-application-log-level=WARN", dir})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(args))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if t.Failed() {
			cmd.Process.Kill()
			t.Logf("serve output:\n%s", out.String())
		}
	}()

	eventually(t, patience, "proxy up", func() error {
		select {
		case err := <-exited:
			t.Fatalf("serve exited: %v", err)
		default:
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err
	})
	type result struct {
		status int
		h      http.Header
		err    error
	}
	res := make(chan result, 1)
	go func() {
		status, h, err := do(addr, "GET slow.test/")
		res <- result{status, h, err}
	}()
	select {
	case <-started:
	case <-time.After(patience):
		t.Fatal("the request did not reach the backend")
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-res:
		if r.err != nil || r.status != 200 || r.h.Get("X-Backend") != "slow" {
			t.Errorf("request in flight: %d %v", r.status, r.err)
		}
	case <-time.After(patience):
		t.Error("the request in flight did not finish")
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve exited with %v", err)
		}
	case <-time.After(patience):
		t.Error("serve did not exit")
	}
}
