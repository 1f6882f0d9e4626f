package analysis_test

import (
	"testing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/analysis"
)

// The incremental compiler runs the analyses over its current state and
// finds what a full compile of the same documents finds.
func TestIncrementalCompilerRunsAnalyses(t *testing.T) {
	docs := []rgc.Input{
		{Name: "a.yaml", Content: []byte(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {name: a, namespace: team-a}
spec:
  hosts: [shared.example.org]
  backends:
  - {name: app, type: shunt}
  - {name: unused, type: shunt}
  defaultBackends: [{backendName: app}]
  routes:
  - path: /a
    filters: ['setRequestHeader("X", "y")']
`)},
		{Name: "c.yaml", Content: []byte(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {name: c, namespace: team-c}
spec:
  backends:
  - {name: app, type: shunt}
  routes:
  - path: /c
    filters: ['setRequestHeadr("X", "y")']
    backends: [{backendName: app}]
`)},
		{Name: "b.yaml", Content: []byte(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {name: b, namespace: team-b}
spec:
  hosts: [shared.example.org]
  backends:
  - {name: app, type: shunt}
  defaultBackends: [{backendName: app}]
`)},
	}
	opts := rgc.Options{Analyzer: analysis.New(analysis.Options{Registry: true, CrossGroup: true})}
	full, err := rgc.Compile(opts, docs...)
	if err != nil {
		t.Fatal(err)
	}
	c := rgc.NewCompiler(opts)
	for _, d := range docs {
		if _, err := c.Update(rgc.Change{Name: d.Name, Content: d.Content}); err != nil {
			t.Fatal(err)
		}
	}
	lines := func(ds rgc.Diagnostics) string {
		s := ""
		for _, d := range ds {
			s += d.Line() + "\n"
		}
		return s
	}
	got, want := lines(c.Diagnostics()), lines(full.Diagnostics)
	if got != want {
		t.Fatalf("incremental:\n%s\nfull:\n%s", got, want)
	}
	if n := full.Diagnostics.Count(rgc.Warning) + full.Diagnostics.Count(rgc.Error); n < 3 {
		t.Fatalf("want the unknown filter, the unused backend and the shared host reported, got:\n%s", want)
	}
}
