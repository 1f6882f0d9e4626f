package fuzz

import (
	"flag"
	"hash/fnv"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"
)

var (
	budget   = flag.Float64("rgc.budget", 1, "scale the number of checks of every property (make test uses 1)")
	fuzzTime = flag.Duration("rgc.fuzztime", 0, "run every property with random seeds for this long (make fuzz)")
)

// check runs prop for n checks (scaled by -rgc.budget) with a seed fixed
// per test, so that `go test` is fast and deterministic. -rapid.checks and
// -rapid.seed (or RAPID_CHECKS, RAPID_SEED) override both. With
// -rgc.fuzztime, check runs rounds of n checks with random seeds until the
// time is up. A failure is shrunk and saved under testdata/rapid, where
// later runs replay it first.
func check(t *testing.T, n int, prop func(*rapid.T)) {
	t.Helper()
	userFlagsOnce.Do(func() { flag.Visit(func(f *flag.Flag) { userFlags[f.Name] = true }) })
	override := func(name, env, value string) {
		if userFlags[name] || os.Getenv(env) != "" {
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
	if *fuzzTime > 0 {
		override("rapid.seed", "RAPID_SEED", "0") // 0: a random seed per round
		for end := time.Now().Add(*fuzzTime); time.Now().Before(end); {
			rapid.Check(t, prop)
		}
		return
	}
	override("rapid.seed", "RAPID_SEED", strconv.FormatUint(seedFor(t.Name()), 10))
	rapid.Check(t, prop)
}

// userFlags are the flags set on the command line, noted before check
// sets any itself (flag.Visit cannot tell the two apart).
var (
	userFlags     = map[string]bool{}
	userFlagsOnce sync.Once
)

func seedFor(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64() | 1
}
