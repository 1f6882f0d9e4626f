package frontend

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"testing"

	"github.com/rgc-dev/rgc/internal/gen"
	"github.com/rgc-dev/rgc/internal/src"
)

// TestPositionLookupCost holds every position lookup of a whole Load to
// O(log n) steps (src.File.Steps, a counter rather than a timer), on the
// input where a lookup that scans its line costs most: the JSON List on
// one line, as kubectl get -o json | jq -c prints it (a line break at the
// end, so that it is not the last line of the file). A lookup that tests
// every byte of its line for a break (as src once did) takes about a
// million steps per lookup here.
func TestPositionLookupCost(t *testing.T) {
	s := gen.Generate(gen.Config{Groups: 100, Seed: 1})
	var oneLine bytes.Buffer
	if err := json.Compact(&oneLine, s.JSON()); err != nil {
		t.Fatal(err)
	}
	oneLine.WriteByte('\n')
	for _, in := range []struct {
		name string
		b    []byte
	}{{"state.json", oneLine.Bytes()}, {"state.yaml", s.YAML()}} {
		f := src.NewFile(in.name, in.b)
		prog, ds := Load([]*src.File{f})
		if len(ds) != 0 || len(prog.Groups) != 100 {
			t.Fatalf("%s: %d groups, %v", in.name, len(prog.Groups), ds.Err())
		}
		lookups, steps := f.Steps()
		if lookups < int64(len(prog.Groups)) {
			t.Fatalf("%s: %d lookups for %d groups: the loader no longer asks src for positions, so this test measures nothing", in.name, lookups, len(prog.Groups))
		}
		limit := float64(3*(bits.Len(uint(len(in.b)))+1) + 3)
		if per := float64(steps) / float64(lookups); per > limit {
			t.Errorf("%s: %.1f steps per position lookup (%d lookups), want at most %.0f for O(log n) in %d bytes", in.name, per, lookups, limit, len(in.b))
		}
		t.Logf("%s: %d lookups, %.1f steps each", in.name, lookups, float64(steps)/float64(lookups))
	}
}
