package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/internal/gen"
)

// incProfile, when set, is the file for a CPU profile of the changes
// (not of the initial load).
var incProfile string

// incResult is what one kind of change costs the incremental compiler.
type incResult struct {
	name           string
	median, p90    float64 // wall ns per change
	cpu, cpuP90    float64 // CPU ns per change (median, p90)
	allocs         float64 // per change
	routesUpserted int     // in the last delta
}

// incremental loads a state into rgc.NewDataClient with one document per
// object, as a watch on the API delivers them (namespace/Kind/name.yaml),
// and measures reps changes of one route group and reps changes of one
// Endpoints object as a Skipper data client sees them: Push, then
// LoadUpdate for the delta.
func incremental(cfg gen.Config, reps int, progress func(string)) (load float64, out []incResult, err error) {
	g := gen.Generate(cfg)
	c := rgc.NewDataClient(rgc.Options{})
	docs := g.Docs()
	changes := make([]rgc.Change, len(docs))
	for i, d := range docs {
		changes[i] = rgc.Change{Name: d.Name, Content: d.Content}
	}
	runtime.GC()
	t0 := time.Now()
	c.Push(changes...)
	if _, err := c.LoadAll(); err != nil {
		return 0, nil, err
	}
	load = float64(time.Since(t0).Nanoseconds())
	progress("incremental: loaded")
	if incProfile != "" {
		f, err := os.Create(incProfile)
		if err != nil {
			return 0, nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return 0, nil, err
		}
		defer pprof.StopCPUProfile()
	}
	kinds := []struct {
		name   string
		change func(i, n int) *gen.Object
		count  int
	}{
		{"one route group changed", g.ChangedGroup, len(g.Groups)},
		{"one Endpoints object changed", g.ChangedEndpoints, len(g.Endpoints)},
	}
	for _, k := range kinds {
		r := incResult{name: k.name}
		times, cpus := make([]float64, 0, reps), make([]float64, 0, reps)
		var before, after runtime.MemStats
		// Spread the changes over the state; documents are rendered
		// beforehand, as a watch delivers them rendered.
		chs := make([]rgc.Change, reps)
		for n := range chs {
			o := k.change((n*7919)%k.count, n)
			chs[n] = rgc.Change{Name: gen.DocName(o), Content: gen.ObjectYAML(o)}
		}
		runtime.ReadMemStats(&before)
		for _, ch := range chs {
			c0, t := cpuTime(), time.Now()
			c.Push(ch)
			up, _, err := c.LoadUpdate()
			if err != nil {
				return 0, nil, err
			}
			times = append(times, float64(time.Since(t).Nanoseconds()))
			cpus = append(cpus, cpuTime()-c0)
			r.routesUpserted = len(up)
		}
		runtime.ReadMemStats(&after)
		r.median, r.p90 = median(times), p90(times)
		r.cpu, r.cpuP90 = median(cpus), p90(cpus)
		r.allocs = float64(after.Mallocs-before.Mallocs) / float64(reps)
		out = append(out, r)
	}
	return load, out, nil
}
