package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// write prints the report as Markdown: the targets, then every contender.
func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "Machine: %s; load average %s before, %s after; %d interleaved rounds; took %s.\n\n",
		r.machine, r.load[0], r.load[1], r.opts.rounds, r.took.Round(1e9))
	r.writeTargets(w)
	r.writeContenders(w)
	r.writeIncremental(w)
}

// ref is the state the targets are measured on: 10,000 groups, or the
// largest plain state below that.
func (r *report) ref() *state {
	var ref *state
	for _, s := range r.states {
		if !s.scaling && (ref == nil || s.groups <= 10000 && s.groups > ref.groups) {
			ref = s
		}
	}
	return ref
}

func (r *report) res(s *state, name string) *result { return r.results[name+" @"+s.label] }

// target is one row of the performance issue's table: a measure, its
// goal (a ratio rgc/Skipper, lower is better, unless unit says otherwise)
// and what was measured: the median and the 90th percentile over rounds
// (p90 equals the median where there is one measurement).
type target struct {
	measure     string
	goal        float64
	unit        string // "" for a ratio, "ms", or "exponent"
	median, p90 float64
	detail      string
}

func (t target) holds() bool { return t.median <= t.goal }

func (t target) value(x float64) string {
	switch t.unit {
	case "ms":
		return fmt.Sprintf("%.3f ms", x)
	case "exponent":
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.3f", x)
}

func (r *report) writeTargets(w io.Writer) {
	s := r.ref()
	full, fv, val := r.res(s, "skipper LoadAll"), r.res(s, "skipper fetch+validate"), r.res(s, "skipper validate")
	comp, js, ys := r.res(s, "rgc compile"), r.res(s, "rgc json"), r.res(s, "rgc yaml")
	// Skipper's validate+convert per round: its whole pass less the pass
	// that validates and converts nothing, plus the validation.
	vc := &result{name: "skipper validate+convert"}
	for i := range full.times {
		vc.times = append(vc.times, full.times[i]-fv.times[i]+val.times[i])
		vc.cpu = append(vc.cpu, full.cpu[i]-fv.cpu[i]+val.cpu[i])
	}
	r.results[vc.name+" @"+s.label] = vc
	var ts []target
	// rel is a row of per-round ratios a/b, wall time, CPU beside it.
	rel := func(m string, goal float64, a, b *result) target {
		rs := ratios(a, b)
		return target{measure: m, goal: goal, median: median(rs), p90: p90(rs),
			detail: fmt.Sprintf("CPU %.3f (p90 %.3f)", cpuRatio(a, b), p90(ratios(&result{times: a.cpu}, &result{times: b.cpu})))}
	}
	ts = append(ts,
		rel("`rgc compile` from YAML, whole process, vs Skipper's LoadAll in a fresh process", 0.5,
			r.res(s, "process rgc compile yaml"), r.res(s, "process skipper LoadAll")),
		rel("library end to end from the kubectl JSON `List` vs LoadAll", 0.33, js, full),
		rel("compile phase (decoded program → `[]*eskip.Route`) vs Skipper's validate+convert", 0.17, comp, vc))
	worse := func(x, y uint64) (uint64, string) {
		if x >= y {
			return x, "JSON"
		}
		return y, "YAML"
	}
	ab, which := worse(js.mem.bytes, ys.mem.bytes)
	ar := float64(ab) / float64(full.mem.bytes)
	ts = append(ts, target{measure: "allocated **bytes**, end to end (worse of YAML/JSON)", goal: 0.25, median: ar, p90: ar,
		detail: fmt.Sprintf("%s: %s vs %s; one run each", which, mib(ab), mib(full.mem.bytes))})
	pb, which := worse(js.mem.peak, ys.mem.peak)
	pr := float64(pb) / float64(full.mem.peak)
	ts = append(ts, target{measure: "peak heap above start (worse of YAML/JSON)", goal: 0.5, median: pr, p90: pr,
		detail: fmt.Sprintf("%s: %s vs %s; one run each", which, mib(pb), mib(full.mem.peak))})
	if len(r.inc) > 0 {
		// The goal is on the p90 of the CPU time of the worse kind.
		t := target{measure: "one group or Endpoints change, DataClient Push+LoadUpdate, p90 CPU", goal: 0.25, unit: "ms"}
		var d []string
		for _, ir := range r.inc {
			if ir.cpuP90/1e6 > t.p90 {
				t.median, t.p90 = ir.cpu/1e6, ir.cpuP90/1e6
			}
			d = append(d, fmt.Sprintf("%s: CPU %.3f ms (p90 %.3f), wall %.3f ms (p90 %.3f)", strings.TrimPrefix(ir.name, "one "), ir.cpu/1e6, ir.cpuP90/1e6, ir.median/1e6, ir.p90/1e6))
		}
		// the row holds on its p90
		t.median = t.p90
		t.detail = strings.Join(d, "; ")
		ts = append(ts, t)
	}
	ts = append(ts, r.scaling()...)
	one := rel("", 0.1, r.res(s, "rgc print"), r.res(s, "eskip.Print"))
	pretty := rel("", 0.1, r.res(s, "rgc print pretty"), r.res(s, "eskip.Print pretty"))
	pt := one
	if pretty.median > one.median {
		pt = pretty
	}
	pt.measure = "printer vs `eskip.Print`, byte-identical (worse of one-line/pretty)"
	pt.detail = fmt.Sprintf("one-line %.3f (p90 %.3f, %s), pretty %.3f (p90 %.3f, %s)", one.median, one.p90, one.detail, pretty.median, pretty.p90, pretty.detail)
	ts = append(ts, pt)

	fmt.Fprintf(w, "### Targets, %s route groups\n\n", s.label)
	fmt.Fprintln(w, "Ratios rgc/Skipper (lower is better): medians and 90th percentiles of the per-round ratios of wall times, CPU-time ratios in the details; × goal is the median over the goal (at most 1 holds).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measure | goal | median | p90 | × goal | holds | details |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, t := range ts {
		fmt.Fprintf(w, "| %s | ≤ %s | %s | %s | %.2f | %s | %s |\n", t.measure, t.value(t.goal), t.value(t.median), t.value(t.p90),
			t.median/t.goal, map[bool]string{true: "yes", false: "**no**"}[t.holds()], t.detail)
	}
	fmt.Fprintln(w)
}

// scaling computes the exponent k of time ∝ groups^k from N to 3N groups
// (N the smallest size) per round, for 1 to 3 hosts per group and for
// o.hosts: rgc's end to end, the worse of JSON and YAML, with Skipper's
// beside it.
func (r *report) scaling() []target {
	var out []target
	n := slices.Min(r.opts.sizes)
	find := func(groups, hosts int) *state {
		for _, s := range r.states {
			if s.groups == groups && s.hosts == hosts {
				return s
			}
		}
		return nil
	}
	for _, hosts := range []int{0, r.opts.hosts} {
		lo, hi := find(n, hosts), find(3*n, hosts)
		if lo == nil || hi == nil {
			continue
		}
		exps := func(in string) []float64 {
			rs := ratios(r.res(hi, in), r.res(lo, in))
			for i := range rs {
				rs[i] = math.Log(rs[i]) / math.Log(3)
			}
			return rs
		}
		m := fmt.Sprintf("scaling exponent %d → %d groups, ", n, 3*n)
		if hosts == 0 {
			m += "1–3 hosts per group"
		} else {
			m += fmt.Sprintf("%d hosts per group", hosts)
		}
		t := target{measure: m, goal: 1.05, unit: "exponent", median: math.Inf(-1)}
		var d []string
		for _, in := range []string{"rgc json", "rgc yaml", "skipper LoadAll"} {
			e := exps(in)
			d = append(d, fmt.Sprintf("%s %.2f (p90 %.2f)", strings.TrimPrefix(in, "rgc "), median(e), p90(e)))
			if in != "skipper LoadAll" && median(e) > t.median {
				t.median, t.p90 = median(e), p90(e)
			}
		}
		t.detail = strings.Join(d, ", ")
		out = append(out, t)
	}
	return out
}

func (r *report) writeContenders(w io.Writer) {
	fmt.Fprintln(w, "### Every contender")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Medians over the rounds of the wall time and of the process's CPU time (garbage collection included); allocations and peak heap (above the heap before the run, sampled every 50 µs) from one more run each.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| contender | groups | median | p90 | ns/group | CPU | CPU p90 | allocations | allocated | peak heap |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, s := range r.states {
		for _, c := range contenders(s, !s.scaling) {
			res := r.results[c.name]
			name, _, _ := strings.Cut(c.name, " @")
			alloc, bytes, peak := count(res.mem.allocs), mib(res.mem.bytes), mib(res.mem.peak)
			if c.process {
				alloc, bytes, peak = "", "", "" // another process's
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", name, s.label, ms(res.median()), ms(p90(res.times)), res.median()/float64(s.groups),
				ms(median(res.cpu)), ms(p90(res.cpu)), alloc, bytes, peak)
		}
		if vc := r.results["skipper validate+convert @"+s.label]; vc != nil {
			fmt.Fprintf(w, "| skipper validate+convert (derived) | %s | %s | %s | %.0f | %s | %s | | | |\n", s.label, ms(vc.median()), ms(p90(vc.times)), vc.median()/float64(s.groups), ms(median(vc.cpu)), ms(p90(vc.cpu)))
		}
	}
	fmt.Fprintln(w)
}

func (r *report) writeIncremental(w io.Writer) {
	if len(r.inc) == 0 {
		return
	}
	fmt.Fprintf(w, "### Incremental, %d route groups, one document per object\n\n", r.opts.incGroups)
	fmt.Fprintf(w, "Initial Push with every document and LoadAll: %s. Each change: DataClient.Push with the changed document, then LoadUpdate (the delta); %d changes of each kind spread over the state.\n\n", ms(r.incLoad), r.opts.reps)
	fmt.Fprintln(w, "| change | CPU median | CPU p90 | wall median | wall p90 | allocations | routes upserted |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, ir := range r.inc {
		fmt.Fprintf(w, "| %s | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.0f | %d |\n", ir.name, ir.cpu/1e6, ir.cpuP90/1e6, ir.median/1e6, ir.p90/1e6, ir.allocs, ir.routesUpserted)
	}
	fmt.Fprintln(w)
}

func ms(ns float64) string {
	if ns >= 1e9 {
		return fmt.Sprintf("%.2f s", ns/1e9)
	}
	return fmt.Sprintf("%.1f ms", ns/1e6)
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func count(n uint64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.2f M", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f k", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
