package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSpec runs the specification's cases (spec/testdata/*.txtar) through
// the command line, in the format TestCLI documents. They pin rgc's
// behaviour per pass and per diagnostic code, with exact positions.
func TestSpec(t *testing.T) {
	cases, err := filepath.Glob("../../spec/testdata/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no spec cases: %v", err)
	}
	for _, path := range cases {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runCase(t, abs) })
	}
}
