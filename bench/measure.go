package main

import (
	"runtime"
	"runtime/metrics"
	"sort"
	"sync/atomic"
	"syscall"
	"time"
)

// A contender is one measured operation. Setup runs before each run and
// is not measured (a fresh program for the compile phase); its result is
// Run's argument. Run returns its result, which is kept until the
// measurement ends.
type contender struct {
	name    string
	setup   func() any
	run     func(in any) any
	process bool // runs a child process: no allocations or heap of ours to measure
}

func (c *contender) prepare() any {
	if c.setup == nil {
		return nil
	}
	return c.setup()
}

// sample is one measured run.
type sample struct {
	ns     float64
	allocs uint64 // heap allocations
	bytes  uint64 // bytes allocated
	peak   uint64 // peak heap above the heap before the run
}

// keep holds the result of the last run, so that the compiler cannot
// drop the work and the result counts towards the peak heap.
var keep any

// timeRun measures the wall time and the process's CPU time (user and
// system, garbage collection included) of one run, after a garbage
// collection so that no contender pays for another's garbage. CPU time is
// the steadier measure on a machine shared with other work.
func timeRun(c *contender) (wall, cpu float64) {
	in := c.prepare()
	runtime.GC()
	c0 := cpuTime()
	t0 := time.Now()
	keep = c.run(in)
	wall = float64(time.Since(t0).Nanoseconds())
	cpu = cpuTime() - c0
	keep = nil
	return wall, cpu
}

// cpuTime is the user and system time in nanoseconds of the process and
// of its children that have been waited for (the whole-process
// contenders).
func cpuTime() float64 {
	var ru, ch syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ch) != nil {
		return 0
	}
	return float64(ru.Utime.Nano() + ru.Stime.Nano() + ch.Utime.Nano() + ch.Stime.Nano())
}

// memRun measures allocations and the peak heap of one run. The peak is
// sampled every 50µs from runtime/metrics (live and not yet swept heap
// objects), in a run of its own so that sampling never slows a timed run.
func memRun(c *contender) sample {
	in := c.prepare()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	base := heapObjects()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			if h := heapObjects(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			default:
				time.Sleep(50 * time.Microsecond)
			}
		}
	}()
	keep = c.run(in)
	close(stop)
	<-done
	if h := heapObjects(); h > peak.Load() {
		peak.Store(h)
	}
	runtime.ReadMemStats(&after)
	keep = nil
	s := sample{allocs: after.Mallocs - before.Mallocs, bytes: after.TotalAlloc - before.TotalAlloc}
	if p := peak.Load(); p > base {
		s.peak = p - base
	}
	return s
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapObjects() uint64 {
	s := []metrics.Sample{heapSample[0]}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// result is what was measured of a contender over all rounds.
type result struct {
	name  string
	times []float64 // wall ns per round, in round order
	cpu   []float64 // CPU ns per round
	mem   sample
}

func (r *result) median() float64 { return median(r.times) }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// p90 is the 90th percentile (nearest rank) of xs.
func p90(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[(len(s)*9+9)/10-1]
}

// ratios are a's time over b's in each round: contenders of one round
// run seconds apart, so a change in the machine's load moves both.
func ratios(a, b *result) []float64 {
	n := min(len(a.times), len(b.times))
	rs := make([]float64, n)
	for i := range n {
		rs[i] = a.times[i] / b.times[i]
	}
	return rs
}

// ratio is the median of ratios.
func ratio(a, b *result) float64 { return median(ratios(a, b)) }

// cpuRatio is ratio over CPU times.
func cpuRatio(a, b *result) float64 {
	return ratio(&result{times: a.cpu}, &result{times: b.cpu})
}

// measure runs every contender once per round, starting each round at a
// different contender, and then once more each for memory.
func measure(cs []*contender, rounds int, progress func(string)) map[string]*result {
	out := map[string]*result{}
	for _, c := range cs {
		out[c.name] = &result{name: c.name}
	}
	for r := range rounds {
		for i := range cs {
			c := cs[(r+i)%len(cs)]
			wall, cpu := timeRun(c)
			out[c.name].times = append(out[c.name].times, wall)
			out[c.name].cpu = append(out[c.name].cpu, cpu)
		}
		progress("round " + itoa(r+1) + " of " + itoa(rounds))
	}
	for _, c := range cs {
		if !c.process {
			out[c.name].mem = memRun(c)
		}
	}
	return out
}
