package serve

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReloadUnderLoad sends 5000 requests from 8 clients while the table
// is reloaded 20 times. The requests are cut into 21 phases; reload r
// starts with phase r, and phase r+1 waits until Skipper has fetched
// reload r, so that every reload reaches Skipper while requests are in
// flight.
// Every reload changes the stable group's routes (a response header,
// X-Version, which tells which reload a response saw) and moves the
// moving group between two backends; every fifth breaks the moving
// group's YAML instead. No request may fail, and none may reach a backend
// that no version of the table routed it to.
func TestReloadUnderLoad(t *testing.T) {
	const requests, clients, reloads = 5000, 8, 20
	s1, m1, m2 := newBackend(t, "s1"), newBackend(t, "m1"), newBackend(t, "m2")
	dir := t.TempDir()
	write(t, dir, "services.yaml", services(s1, m1, m2))
	stable := func(version int) string {
		return routeGroup("stable", "  hosts: [stable.test]\n"+serviceBackends("s1")+fmt.Sprintf(`  routes:
  - path: /stable
    filters: ['setResponseHeader("X-Version", "%d")']
    backends: [{backendName: s1}]
`, version))
	}
	moving := func(to string) string {
		return routeGroup("moving", "  hosts: [moving.test]\n"+serviceBackends("m1", "m2")+
			"  routes:\n  - pathSubtree: /\n    backends: [{backendName: "+to+"}]\n")
	}
	write(t, dir, "stable.yaml", stable(0))
	write(t, dir, "moving.yaml", moving("m1"))
	f := serve(t, dir)

	valid := map[string]map[string]bool{
		"GET stable.test/stable": {"200 s1": true},
		"GET moving.test/":       {"200 m1": true, "200 m2": true},
	}
	specs := []string{"GET stable.test/stable", "GET moving.test/"}
	phase := func(i int64) int64 { return i * (reloads + 1) / requests }
	var (
		next, done atomic.Int64
		served     atomic.Int64 // the highest X-Version seen
		fetched    atomic.Int64 // the last reload Skipper fetched
		mu         sync.Mutex
		bad        []string
		seen       = map[string]int{}
	)
	start := time.Now()
	deadline := start.Add(2 * patience)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= requests {
					return
				}
				for fetched.Load() < phase(i)-1 && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				spec := specs[i%2]
				status, h, err := do(f.proxy, spec)
				got := fmt.Sprintf("%d %s", status, h.Get("X-Backend"))
				if err != nil {
					got = err.Error()
				}
				if v, err := strconv.ParseInt(h.Get("X-Version"), 10, 64); err == nil {
					for old := served.Load(); v > old && !served.CompareAndSwap(old, v); old = served.Load() {
					}
				}
				done.Add(1)
				mu.Lock()
				seen[spec+" → "+got]++
				if !valid[spec][got] && len(bad) < 10 {
					bad = append(bad, fmt.Sprintf("request %d: %s → %s", i, spec, got))
				}
				mu.Unlock()
			}
		})
	}
	var reloaded atomic.Int64
	wg.Go(func() {
		for r := int64(1); r <= reloads; r++ {
			for done.Load() < r*requests/(reloads+1) && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			next := moving("m2")
			switch {
			case r%5 == 0:
				next = moving("m1") + "  broken: [\n"
			case r%2 == 0:
				next = moving("m1")
			}
			err := errors.Join(writeFile(dir, "stable.yaml", stable(int(r))), writeFile(dir, "moving.yaml", next), f.srv.Reload())
			if err != nil {
				t.Error(err)
			}
			reloaded.Add(1)
			// By hash: the watcher may compile the same files again.
			want := f.srv.table().hash
			for d := f.srv.dc.deliveredTable(); (d == nil || d.hash != want) && time.Now().Before(deadline); d = f.srv.dc.deliveredTable() {
				time.Sleep(time.Millisecond)
			}
			fetched.Store(r)
		}
	})
	wg.Wait()
	t.Logf("%d requests, %d reloads, last served %d, in %v: %v", done.Load(), reloaded.Load(), served.Load(), time.Since(start), seen)
	if len(bad) > 0 {
		t.Errorf("failed or misrouted requests:\n%v", bad)
	}
	if reloaded.Load() != reloads || done.Load() != requests || served.Load() < reloads-1 {
		t.Errorf("%d reloads, %d requests, Skipper served reload %d", reloaded.Load(), done.Load(), served.Load())
	}
	if time.Now().After(deadline) {
		t.Errorf("Skipper did not apply the reloads in time")
	}
}
