package fuzz

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/passes"
)

// FuzzCompile feeds arbitrary bytes through the whole compiler: the YAML
// front end and every pass. Property: no panic, no internal error, no
// error return, and every diagnostic position lies inside the input with
// line and column matching its byte offset. The seeds are the repository's
// example and the inputs of spec/testdata/*.txtar; crashers the fuzzer
// finds are kept in testdata/fuzz/FuzzCompile.
func FuzzCompile(f *testing.F) {
	for _, s := range compileSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := []file{{Name: "fuzz.yaml", Content: data}}
		for _, o := range []passes.Options{{}, allOptions()} {
			res, err := rgc.Compile(o, inputs(fs)...)
			if err != nil {
				t.Fatalf("rgc failed: %v", err)
			}
			checkDiagnostics(t, fs, res)
		}
	})
}

// allOptions turns on every option that changes the lowering.
func allOptions() passes.Options {
	o := convOptions{
		EastWest: true, RangeDomains: []string{".internal.test"}, RangePredicates: []call{{Name: "ClientIP", Args: []any{"10.0.0.0/8"}}},
		HTTPSRedirect: true, TrafficSegment: true, EndpointSlices: true, TopologyZone: "z1",
		AnnotPredicates: []annotCalls{{Key: "team", Value: "a", Calls: []call{{Name: "True"}}}},
		AnnotFilters:    []annotCalls{{Key: "team", Value: "a", Calls: []call{{Name: "comment", Args: []any{"a"}}}}},
		OnlyAllowed:     true, Allowed: []string{"^10[.]"}, TracingTag: true, ForwardURL: "http://fwd", Healthcheck: true,
	}
	return o.rgc()
}

var txtarFile = regexp.MustCompile(`(?m)^-- (.+) --$`)

// compileSeeds reads the example and the YAML inputs of the spec cases.
func compileSeeds(f *testing.F) [][]byte {
	var out [][]byte
	if b, err := os.ReadFile("../examples/ab-test.yaml"); err == nil {
		out = append(out, b)
	}
	paths, _ := filepath.Glob("../spec/testdata/*.txtar")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		s := string(b)
		idx := txtarFile.FindAllStringSubmatchIndex(s, -1)
		for i, m := range idx {
			name := s[m[2]:m[3]]
			if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") && !strings.HasSuffix(name, ".json") {
				continue
			}
			end := len(s)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			out = append(out, []byte(strings.TrimPrefix(s[m[1]:end], "\n")))
		}
	}
	return out
}
