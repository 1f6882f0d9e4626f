package main

import (
	"fmt"
	"io"
	"math"
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

type target struct {
	measure, want, got string
	holds              bool
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
	// Time ratios are wall-clock medians of per-round ratios, CPU-time
	// ratios beside them.
	faster := func(a, b *result, min float64) (string, bool) {
		x := ratio(a, b)
		return fmt.Sprintf("%.1f× faster (CPU %.1f×)", x, cpuRatio(a, b)), x >= min
	}
	var ts []target
	add := func(m, want string, got string, ok bool) { ts = append(ts, target{m, want, got, ok}) }
	g, ok := faster(vc, comp, 10)
	add("compile phase (IR → table) vs Skipper's validate+convert", "≥ 10× faster", g, ok)
	g, ok = faster(full, js, 3)
	add("end to end from JSON (parse + compile) vs Skipper's LoadAll", "≥ 3× faster", g, ok)
	x := ratio(ys, full)
	add("end to end from YAML vs Skipper's LoadAll from JSON", "≤ 1.0×", fmt.Sprintf("%.2f× (CPU %.2f×)", x, cpuRatio(ys, full)), x <= 1)
	a := float64(js.mem.allocs) / float64(full.mem.allocs)
	add("allocations per full compile (JSON) vs Skipper's", "≤ 1/4", fmt.Sprintf("%.3f (YAML %.3f)", a, float64(ys.mem.allocs)/float64(full.mem.allocs)), a <= .25)
	p := float64(js.mem.peak) / float64(full.mem.peak)
	add("peak heap (JSON) vs Skipper's", "≤ 1/2", fmt.Sprintf("%.2f (YAML %.2f)", p, float64(ys.mem.peak)/float64(full.mem.peak)), p <= .5)
	for _, ir := range r.inc {
		add(ir.name+" → new table and delta", "≤ 1 ms", fmt.Sprintf("%.3f ms (p90 %.3f ms)", ir.median/1e6, ir.p90/1e6), ir.median <= 1e6)
	}
	for _, sc := range r.scaling() {
		add(sc.measure, sc.want, sc.got, sc.holds)
	}
	g, ok = faster(r.res(s, "eskip.Print"), r.res(s, "rgc print"), 5)
	gp, okp := faster(r.res(s, "eskip.Print pretty"), r.res(s, "rgc print pretty"), 5)
	add("eskip printing vs eskip.Print (byte-identical)", "≥ 5× faster", g+"; pretty "+gp, ok && okp)
	fmt.Fprintf(w, "### Targets, %s route groups\n\n", s.label)
	fmt.Fprintln(w, "| measure | target | measured | holds |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, t := range ts {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.measure, t.want, t.got, map[bool]string{true: "yes", false: "**no**"}[t.holds])
	}
	fmt.Fprintln(w)
}

// scaling computes the exponent k of time ∝ groups^k between the
// smallest and the largest state, from per-round ratios.
func (r *report) scaling() []target {
	var out []target
	for _, scal := range []bool{false, true} {
		var lo, hi *state
		for _, s := range r.states {
			if s.scaling != scal {
				continue
			}
			if lo == nil || s.groups < lo.groups {
				lo = s
			}
			if hi == nil || s.groups > hi.groups {
				hi = s
			}
		}
		if lo == nil || lo == hi {
			continue
		}
		var got []string
		holds := true
		exp := func(x float64) float64 { return math.Log(x) / math.Log(float64(hi.groups)/float64(lo.groups)) }
		for _, in := range []string{"skipper LoadAll", "rgc json", "rgc yaml"} {
			a, b := r.res(hi, in), r.res(lo, in)
			if a == nil || b == nil {
				continue
			}
			k := exp(ratio(a, b))
			got = append(got, fmt.Sprintf("%s %.2f (CPU %.2f)", strings.TrimPrefix(in, "rgc "), k, exp(cpuRatio(a, b))))
			if in != "skipper LoadAll" {
				holds = holds && k <= 1.05
			}
		}
		m := fmt.Sprintf("scaling %d → %d groups", lo.groups, hi.groups)
		if scal {
			m += fmt.Sprintf(", %d hosts per group", r.opts.hosts)
		}
		out = append(out, target{m, "exponent ≤ 1.05", strings.Join(got, ", "), holds})
	}
	return out
}

func (r *report) writeContenders(w io.Writer) {
	fmt.Fprintln(w, "### Every contender")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Medians over the rounds of the wall time and of the process's CPU time (garbage collection included); allocations and peak heap (above the heap before the run, sampled every 50 µs) from one more run each.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| contender | groups | median | ns/group | CPU | allocations | allocated | peak heap |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, s := range r.states {
		for _, c := range contenders(s, !s.scaling) {
			res := r.results[c.name]
			name, _, _ := strings.Cut(c.name, " @")
			fmt.Fprintf(w, "| %s | %s | %s | %.0f | %s | %s | %s | %s |\n", name, s.label, ms(res.median()), res.median()/float64(s.groups),
				ms(median(res.cpu)), count(res.mem.allocs), mib(res.mem.bytes), mib(res.mem.peak))
		}
		if vc := r.results["skipper validate+convert @"+s.label]; vc != nil {
			fmt.Fprintf(w, "| skipper validate+convert (derived) | %s | %s | %.0f | %s | | | |\n", s.label, ms(vc.median()), vc.median()/float64(s.groups), ms(median(vc.cpu)))
		}
	}
	fmt.Fprintln(w)
}

func (r *report) writeIncremental(w io.Writer) {
	if len(r.inc) == 0 {
		return
	}
	fmt.Fprintf(w, "### Incremental, %d route groups, one document per object\n\n", r.opts.incGroups)
	fmt.Fprintf(w, "Initial Update with every document: %s. Each change: Update with the changed document, then Routes (the whole new table); %d changes of each kind spread over the state.\n\n", ms(r.incLoad), r.opts.reps)
	fmt.Fprintln(w, "| change | median | p90 | allocations | routes upserted |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, ir := range r.inc {
		fmt.Fprintf(w, "| %s | %.3f ms | %.3f ms | %.0f | %d |\n", ir.name, ir.median/1e6, ir.p90/1e6, ir.allocs, ir.routesUpserted)
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
