// Command bench compares rgc with Skipper's own converter on generated
// cluster states, in one process and interleaved: every round runs every
// contender once, each after a garbage collection, so that a change in
// the machine's load moves all of them alike; ratios are medians of
// per-round ratios. It prints a Markdown report (docs/performance.md
// records one):
//
//	go run ./bench                  # 1,000 and 10,000 groups (make bench)
//	go run ./bench -large           # and 30,000 (make bench BENCH_LARGE=1)
//
// Skipper's side is kubernetes.New and LoadAll against its fake API
// server (kubernetestest) serving the state as JSON; rgc's side is
// rgc.Compile on the same state as JSON and as YAML, and its phases.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	log "github.com/sirupsen/logrus"
)

type options struct {
	sizes      []int
	rounds     int
	reps       int // changes per kind in the incremental benchmark
	hosts      int // hosts per group of the scaling states; 0: none
	incGroups  int // groups of the incremental state; 0: none
	seed       uint64
	profile    string // contender to profile instead of measuring
	cpuProfile string
	memProfile string
}

func main() {
	if code := child(); code >= 0 {
		os.Exit(code)
	}
	var o options
	sizes := flag.String("n", "1000,10000", "comma-separated numbers of route groups")
	large := flag.Bool("large", false, "add 30,000 route groups")
	flag.IntVar(&o.rounds, "rounds", 5, "interleaved rounds")
	flag.IntVar(&o.reps, "reps", 200, "changes of each kind in the incremental benchmark")
	flag.IntVar(&o.hosts, "hosts", 40, "hosts per group in the scaling states (0: leave them out)")
	flag.IntVar(&o.incGroups, "incremental", 10000, "route groups of the incremental benchmark (0: leave it out)")
	flag.Uint64Var(&o.seed, "seed", 1, "generator seed")
	flag.StringVar(&o.profile, "profile", "", "run only the contender with this name (e.g. \"rgc yaml @10000\") and write -cpuprofile")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "bench.cpu", "CPU profile file for -profile")
	flag.StringVar(&o.memProfile, "memprofile", "", "allocation profile file for -profile")
	flag.StringVar(&incProfile, "incprofile", "", "CPU profile file of the incremental changes")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench: bad size %q\n", s)
			os.Exit(2)
		}
		o.sizes = append(o.sizes, n)
	}
	if *large {
		o.sizes = append(o.sizes, 30000)
	}
	log.SetOutput(io.Discard) // Skipper's converter logs through logrus
	progress := func(s string) { fmt.Fprintln(os.Stderr, "bench:", s) }
	if o.profile != "" {
		if err := profileOne(o, progress); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	rep, err := run(o, progress)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	rep.write(os.Stdout)
}

// profileOne runs one contender rounds times under the CPU profiler.
func profileOne(o options, progress func(string)) error {
	dir, err := os.MkdirTemp("", "rgc-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	states, err := states(o, dir, progress)
	if err != nil {
		return err
	}
	for _, cs := range allContenders(states) {
		for _, c := range cs {
			if c.name != o.profile {
				continue
			}
			ins := make([]any, o.rounds)
			for i := range ins {
				ins[i] = c.prepare()
			}
			f, err := os.Create(o.cpuProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			for _, in := range ins {
				keep = c.run(in)
			}
			pprof.StopCPUProfile()
			if o.memProfile != "" {
				m, err := os.Create(o.memProfile)
				if err != nil {
					return err
				}
				defer m.Close()
				if err := pprof.Lookup("allocs").WriteTo(m, 0); err != nil {
					return err
				}
			}
			progress("profile of " + c.name + " in " + o.cpuProfile)
			return nil
		}
	}
	return fmt.Errorf("no contender %q", o.profile)
}

func itoa(i int) string { return strconv.Itoa(i) }
