package main

import (
	"bytes"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/rgc-dev/rgc/internal/gen"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// states generates the states of o: one per size with 1 to 3 hosts per
// group (written to dir for the whole-process contenders), and for the
// scaling exponent N → 3N, with N the smallest size: 3N groups with 1 to
// 3 hosts (unless a size already is 3N), and N and 3N groups with o.hosts
// hosts per group.
func states(o options, dir string, progress func(string)) ([]*state, error) {
	var out []*state
	add := func(n, hosts int, scaling bool) error {
		label := itoa(n)
		if hosts > 0 {
			label += "x" + itoa(hosts) + "h"
		}
		s, err := newState(gen.Config{Groups: n, Seed: o.seed, Hosts: hosts}, label)
		if err != nil {
			return err
		}
		s.scaling, s.hosts = scaling, hosts
		if !scaling {
			if err := s.writeFiles(dir); err != nil {
				return err
			}
		}
		out = append(out, s)
		progress("generated " + s.label)
		return nil
	}
	for _, n := range o.sizes {
		if err := add(n, 0, false); err != nil {
			return nil, err
		}
	}
	n := slices.Min(o.sizes)
	if !slices.Contains(o.sizes, 3*n) {
		if err := add(3*n, 0, true); err != nil {
			return nil, err
		}
	}
	if o.hosts > 0 {
		for _, m := range []int{n, 3 * n} {
			if err := add(m, o.hosts, true); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// allContenders lists the contenders of every state: all phases for the
// plain states, the end to end compilations for the scaling states.
func allContenders(states []*state) [][]*contender {
	var out [][]*contender
	for _, s := range states {
		out = append(out, contenders(s, !s.scaling))
	}
	return out
}

// report is one run of the benchmark.
type report struct {
	opts    options
	machine string
	load    [2]string // load averages before and after
	states  []*state
	results map[string]*result
	incLoad float64
	inc     []incResult
	started time.Time
	took    time.Duration
}

// run measures everything in one interleaved loop, then the incremental
// compiler.
func run(o options, progress func(string)) (*report, error) {
	r := &report{opts: o, machine: machine(), started: time.Now()}
	r.load[0] = loadAvg()
	dir, err := os.MkdirTemp("", "rgc-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ss, err := states(o, dir, progress)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range ss {
			s.close()
		}
	}()
	r.states = ss
	var cs []*contender
	for _, l := range allContenders(ss) {
		cs = append(cs, l...)
	}
	r.results = measure(cs, o.rounds, progress)
	if o.incGroups > 0 {
		r.incLoad, r.inc, err = incremental(gen.Config{Groups: o.incGroups, Seed: o.seed}, o.reps, progress)
		if err != nil {
			return nil, err
		}
	}
	r.load[1] = loadAvg()
	r.took = time.Since(r.started)
	return r, nil
}

// machine describes the CPU, the Go version and the parallelism.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if l, _, ok := strings.Cut(string(b), "\n"); ok {
			mem = ", " + strings.Join(strings.Fields(l)[1:], " ") + " memory"
		}
	}
	return model + ", " + itoa(runtime.NumCPU()) + " CPUs (GOMAXPROCS " + itoa(runtime.GOMAXPROCS(0)) + ")" + mem + ", " +
		runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
