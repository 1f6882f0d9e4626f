package fuzz

import (
	"flag"
	"hash/fnv"
	"os"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

var budget = flag.Float64("rgc.budget", 1, "scale the number of checks of every property (make test uses 1)")

// check runs prop for n checks (scaled by -rgc.budget) with a seed fixed
// per test, so that `go test` is fast and deterministic. -rapid.checks and
// -rapid.seed (or RAPID_CHECKS, RAPID_SEED) override both. A failure is
// shrunk and saved under testdata/rapid, where later runs replay it first.
func check(t *testing.T, n int, prop func(*rapid.T)) {
	t.Helper()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	override := func(name, env, value string) {
		if set[name] || os.Getenv(env) != "" {
			return
		}
		f := flag.Lookup(name)
		old := f.Value.String()
		if err := flag.Set(name, value); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = flag.Set(name, old) })
	}
	override("rapid.checks", "RAPID_CHECKS", strconv.Itoa(max(1, int(float64(n)**budget))))
	override("rapid.seed", "RAPID_SEED", strconv.FormatUint(seedFor(t.Name()), 10))
	rapid.Check(t, prop)
}

func seedFor(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64() | 1
}
