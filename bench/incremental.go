package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
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
	median, p90    float64 // ns per change, new table and delta included
	allocs         float64 // per change
	routesUpserted int     // in the last delta
}

// incremental loads a state into rgc.NewCompiler with one document per
// object, as a watch on the API delivers them (namespace/Kind/name.yaml),
// and measures reps changes of one route group and reps changes of one
// Endpoints object: Update, then Routes for the whole new table.
func incremental(cfg gen.Config, reps int, progress func(string)) (load float64, out []incResult, err error) {
	g := gen.Generate(cfg)
	c := rgc.NewCompiler(rgc.Options{})
	docs := g.Docs()
	changes := make([]rgc.Change, len(docs))
	for i, d := range docs {
		changes[i] = rgc.Change{Name: d.Name, Content: d.Content}
	}
	runtime.GC()
	t0 := time.Now()
	if _, err := c.Update(changes...); err != nil {
		return 0, nil, err
	}
	c.Routes()
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
		times := make([]float64, 0, reps)
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
			t := time.Now()
			d, err := c.Update(ch)
			if err != nil {
				return 0, nil, err
			}
			c.Routes()
			times = append(times, float64(time.Since(t).Nanoseconds()))
			r.routesUpserted = len(d.Upserted)
		}
		runtime.ReadMemStats(&after)
		r.median = median(times)
		sort.Float64s(times)
		r.p90 = times[len(times)*9/10]
		r.allocs = float64(after.Mallocs-before.Mallocs) / float64(reps)
		out = append(out, r)
	}
	return load, out, nil
}
