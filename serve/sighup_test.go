package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// SIGHUP reloads the input (here without a watcher) while a request is in
// flight: the request completes, the process stays up, the edit is served,
// and the log on standard error shows the reload's outcome, the rejected
// group with its diagnostic and Skipper's own lines.
func TestSIGHUPReloadsAndLogs(t *testing.T) {
	started := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		time.Sleep(time.Second)
		w.Header().Set("X-Backend", "slow")
		io.WriteString(w, "done")
	}))
	defer slow.Close()
	fast := newBackend(t, "fast")
	dir := t.TempDir()
	slowGroup := routeGroup("slow", fmt.Sprintf("  hosts: [slow.test]\n  backends:\n  - {name: slow, type: network, address: %q}\n  defaultBackends: [{backendName: slow}]\n  routes:\n  - pathSubtree: /\n", slow.URL))
	write(t, dir, "slow.yaml", slowGroup)
	write(t, dir, "fast.yaml", groupTo("fast", fast))

	addr := freeAddr(t)
	args, _ := json.Marshal([]string{"-address=" + addr, "-support-listener=", "-access-log-disabled",
		"-application-log-level=INFO", "-watch=false", dir})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(args))
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(patience):
			cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("serve output:\n%s", out.String())
		}
	}()
	f := &fixture{t: t, dir: dir, proxy: addr}
	f.routesTo(patience, "GET fast.test/", "200 fast")

	res := make(chan string, 1)
	go func() { res <- f.route("GET slow.test/") }()
	select {
	case <-started:
	case <-time.After(patience):
		t.Fatal("the request did not reach the backend")
	}
	// A broken edit of slow, and a new group: neither is seen without a
	// reload (no watcher).
	write(t, dir, "slow.yaml", strings.Replace(slowGroup, "backendName: slow", "backendName: slo", 1))
	write(t, dir, "new.yaml", groupTo("new", fast))
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-res:
		if got != "200 slow" {
			t.Errorf("request in flight across SIGHUP: %s", got)
		}
	case <-time.After(patience):
		t.Error("the request in flight did not finish")
	}
	f.routesTo(patience, "GET new.test/", "200 fast")
	select {
	case err := <-exited:
		t.Fatalf("serve exited on SIGHUP: %v", err)
	default:
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err != nil {
		t.Fatalf("proxy after SIGHUP: %v", err)
	} else {
		c.Close()
	}
	eventually(t, patience, "log lines", func() error {
		log := out.String()
		for _, want := range []string{
			"rgc: SIGHUP: reloading",
			"rgc: reload: ",
			"1 rejected (1 keep their last good routes",
			"rgc: route group default/slow has errors: its last good routes stay",
			`reference to unknown backend \"slo\"`,
			"route settings", // Skipper's routing, at INFO
		} {
			if !strings.Contains(log, want) {
				return fmt.Errorf("no %q in the log", want)
			}
		}
		return nil
	})
}
