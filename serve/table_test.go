package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

// group returns a RouteGroup document with one route to a shunt backend;
// ref names the backend the route uses ("app" exists, anything else is an
// error).
func groupDoc(name, path, ref string) string {
	return fmt.Sprintf(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {namespace: default, name: %s}
spec:
  backends:
  - {name: app, type: shunt}
  routes:
  - path: %s
    backends: [{backendName: %s}]
`, name, path, ref)
}

// merger compiles successive versions of in-memory files and merges the
// tables as the server does.
type merger struct {
	t    *testing.T
	prev *table
}

func (m *merger) step(files ...string) *table {
	m.t.Helper()
	var in []rgc.Input
	for i := 0; i+1 < len(files); i += 2 {
		in = append(in, rgc.Input{Name: files[i], Content: []byte(files[i+1])})
	}
	opts := rgc.Options{HTTPSRedirectCode: 308}
	res, err := rgc.Compile(opts, in...)
	if err != nil {
		m.t.Fatal(err)
	}
	m.prev = merge(m.prev, res, time.Now())
	return m.prev
}

// paths lists the Path predicates of t's routes, in id order.
func paths(t *table) string {
	var out []string
	for _, r := range t.routes {
		for _, p := range r.Predicates {
			if p.Name == "Path" {
				out = append(out, p.Args[0].(string))
			}
		}
	}
	return strings.Join(out, " ")
}

func state(t *table, id string) string {
	if g := t.groups[id]; g != nil {
		return g.state
	}
	return "absent"
}

func TestMergeKeepsLastGoodGroup(t *testing.T) {
	m := &merger{t: t}
	tb := m.step("a.yaml", groupDoc("a", "/a1", "app"), "b.yaml", groupDoc("b", "/b1", "app"))
	if got := paths(tb); got != "/a1 /b1" || state(tb, "default/a") != StateOK {
		t.Fatalf("first version: %q, %s", got, state(tb, "default/a"))
	}
	// a's new version has an error: a keeps /a1; b's change applies.
	tb = m.step("a.yaml", groupDoc("a", "/a2", "nope"), "b.yaml", groupDoc("b", "/b2", "app"))
	if got := paths(tb); got != "/a1 /b2" || state(tb, "default/a") != StateKept || !tb.groups["default/a"].diags.HasErrors() {
		t.Fatalf("a broken: %q, %s", got, state(tb, "default/a"))
	}
	// Fixed: the new version replaces the kept one.
	tb = m.step("a.yaml", groupDoc("a", "/a3", "app"), "b.yaml", groupDoc("b", "/b2", "app"))
	if got := paths(tb); got != "/a3 /b2" || state(tb, "default/a") != StateOK {
		t.Fatalf("a fixed: %q, %s", got, state(tb, "default/a"))
	}
}

func TestMergeYAMLSyntaxErrorKeepsTheFilesGroups(t *testing.T) {
	m := &merger{t: t}
	m.step("a.yaml", groupDoc("a", "/a1", "app")+"---\n"+groupDoc("a2", "/a2", "app"), "b.yaml", groupDoc("b", "/b1", "app"))
	tb := m.step("a.yaml", groupDoc("a", "/a1", "app")+"---\nkind: [\n", "b.yaml", groupDoc("b", "/b1", "app"))
	if got := paths(tb); got != "/a2 /a1 /b1" { // in id order
		t.Fatalf("routes: %q", got)
	}
	g := tb.groups["default/a2"]
	if g == nil || g.state != StateKept || !g.missing || !g.diags.HasErrors() || !tb.fileDiags.HasErrors() {
		t.Fatalf("default/a2: %+v; file diagnostics %v", g, tb.fileDiags)
	}
}

func TestMergeRemovesDeletedGroups(t *testing.T) {
	m := &merger{t: t}
	m.step("a.yaml", groupDoc("a", "/a1", "app"), "b.yaml", groupDoc("b", "/b1", "app"))
	tb := m.step("b.yaml", groupDoc("b", "/b1", "app")) // a.yaml deleted
	if got := paths(tb); got != "/b1" || state(tb, "default/a") != "absent" {
		t.Fatalf("a.yaml deleted: %q", got)
	}
	tb = m.step("b.yaml", "# no groups left\n")
	if got := paths(tb); got != "" || len(tb.groups) != 0 {
		t.Fatalf("b emptied: %q", got)
	}
}

func TestMergeFirstVersionFailingServesWhatCompiled(t *testing.T) {
	m := &merger{t: t}
	// A route to a missing Service fails alone, as in Skipper.
	doc := groupDoc("a", "/a1", "app") + `  - path: /bad
    backends: [{backendName: svc}]
---
apiVersion: v1
kind: Service
metadata: {namespace: default, name: other}
spec:
  ports: [{port: 80}]
`
	doc = strings.Replace(doc, "  routes:", "  - {name: svc, type: service, serviceName: missing, servicePort: 80}\n  routes:", 1)
	tb := m.step("a.yaml", doc)
	if got := paths(tb); got != "/a1" || state(tb, "default/a") != StateFailed {
		t.Fatalf("got %q, %s", got, state(tb, "default/a"))
	}
}

func TestDiffAndDataClient(t *testing.T) {
	m := &merger{t: t}
	dc := &dataClient{}
	if _, err := dc.LoadAll(); err == nil {
		t.Fatal("LoadAll before the first table: want an error")
	}
	dc.set(m.step("a.yaml", groupDoc("a", "/a1", "app"), "b.yaml", groupDoc("b", "/b1", "app")))
	all, err := dc.LoadAll()
	if err != nil || len(all) != 2 {
		t.Fatalf("LoadAll: %v, %v", all, err)
	}
	if up, del, err := dc.LoadUpdate(); len(up)+len(del) != 0 || err != nil {
		t.Fatalf("no change: %v %v %v", up, del, err)
	}
	dc.set(m.step("a.yaml", groupDoc("a", "/a2", "app"), "c.yaml", groupDoc("c", "/c1", "app")))
	up, del, err := dc.LoadUpdate()
	var ids []string
	for _, r := range up {
		ids = append(ids, r.Id)
	}
	if err != nil || !slices.Equal(ids, []string{"kube_rg__default__a__all__0_0", "kube_rg__default__c__all__0_0"}) ||
		!slices.Equal(del, []string{"kube_rg__default__b__all__0_0"}) {
		t.Fatalf("update: upserts %v, deletes %v, %v", ids, del, err)
	}
	// Skipper gets copies: editing them does not change the table.
	up[0].Predicates = nil
	if !strings.Contains(eskip.String(m.prev.routes...), "/a2") {
		t.Fatal("the table changed with Skipper's copy")
	}
}

// TestIncrementalMatchesFull edits, adds and removes files and compares
// each incremental compilation with a full one.
func TestIncrementalMatchesFull(t *testing.T) {
	dir := t.TempDir()
	opts := rgc.Options{HTTPSRedirectCode: 308}
	in := newIncremental(opts, []string{dir})
	steps := []struct{ name, content string }{
		{"a.yaml", groupDoc("a", "/a1", "app")},
		{"b/b.yaml", groupDoc("b", "/b1", "app")},
		{"a.yaml", groupDoc("a", "/a2", "nope")},
		{"b/b.yaml", groupDoc("b", "/b1", "app") + "---\nkind: [\n"},
		{"a.yaml", ""}, // removed
		{"c.yaml", groupDoc("c", "/c1", "app")},
	}
	for i, st := range steps {
		if st.content == "" {
			os.Remove(filepath.Join(dir, st.name))
		} else {
			write(t, dir, st.name, st.content)
		}
		got, err := in.compile()
		if err != nil {
			t.Fatal(err)
		}
		want, err := rgc.CompilePaths(opts, []string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !eskip.EqLists(got.Routes, want.Routes) || diagText(got.Diagnostics) != diagText(want.Diagnostics) ||
			len(got.Groups) != len(want.Groups) {
			t.Fatalf("step %d: incremental\n%s%s\nfull\n%s%s", i, eskip.String(got.Routes...), diagText(got.Diagnostics),
				eskip.String(want.Routes...), diagText(want.Diagnostics))
		}
		for j, g := range got.Groups {
			w := want.Groups[j]
			if g.ID != w.ID || g.File != w.File || g.Failed != w.Failed || !eskip.EqLists(g.Routes, w.Routes) {
				t.Errorf("step %d: group %+v, want %+v", i, g, w)
			}
		}
	}
}

func diagText(l rgc.Diagnostics) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Text() + "\n")
	}
	return b.String()
}
