package analysis

import (
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/ir"
)

// samples reads one call per line from a testdata/registry file.
func samples(t *testing.T, name string, k *callKind) []*ir.Call {
	t.Helper()
	b, err := os.ReadFile("testdata/registry/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var out []*ir.Call
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parse := expr.ParseFilters
		if k == predicateCalls {
			parse = expr.ParsePredicates
		}
		calls, perr := parse(line, nil)
		if perr != nil || len(calls) != 1 {
			t.Fatalf("%s:%d: %q does not parse as one %s: %v", name, i+1, line, k.noun, perr)
		}
		out = append(out, calls[0])
	}
	return out
}

// TestRegistrySamples creates every filter and predicate Skipper registers
// with a valid sample: rgc's check must accept each, finish, and leave no
// goroutine behind (filters that start one are closed).
func TestRegistrySamples(t *testing.T) {
	reg := DefaultRegistry()
	filters := samples(t, "filters.eskip", filterCalls)
	predicates := samples(t, "predicates.eskip", predicateCalls)
	covered(t, "filter", reg.FilterNames(), filters)
	covered(t, "predicate", reg.PredicateNames(), predicates)

	run := func() {
		c := newChecker(reg)
		for _, call := range filters {
			for _, f := range c.check(filterCalls, call) {
				if f.sev > diag.Info {
					t.Errorf("%s: %s [%s]", callText(call), f.msg, f.code)
				}
			}
		}
		for _, call := range predicates {
			for _, f := range c.check(predicateCalls, call) {
				if f.sev > diag.Info {
					t.Errorf("%s: %s [%s]", callText(call), f.msg, f.code)
				}
			}
		}
	}
	withTimeout(t, 30*time.Second, run) // the first run may start lazily initialized globals
	before := settledGoroutines()
	for i := 0; i < 3; i++ {
		withTimeout(t, 30*time.Second, run)
	}
	if after := settledGoroutines(); after > before {
		buf := make([]byte, 1<<20)
		t.Errorf("checking the samples again left %d goroutines behind:\n%s", after-before, buf[:runtime.Stack(buf, true)])
	}
}

func covered(t *testing.T, noun string, names []string, calls []*ir.Call) {
	t.Helper()
	have := map[string]bool{}
	for _, c := range calls {
		have[c.Name] = true
	}
	for _, n := range names {
		if !have[n] {
			t.Errorf("no sample for %s %q", noun, n)
		}
	}
}

func withTimeout(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("checking did not finish in %v", d)
	}
}

// settledGoroutines counts goroutines once those that are ending have
// ended.
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return m
		}
		n = m
	}
	return n
}
