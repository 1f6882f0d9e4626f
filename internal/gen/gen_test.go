package gen

import (
	"bytes"
	"io"
	"net/http/httptest"
	"os"
	"testing"

	log "github.com/sirupsen/logrus"
	"github.com/zalando/skipper/dataclients/kubernetes"
	"github.com/zalando/skipper/dataclients/kubernetes/kubernetestest"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	os.Exit(m.Run())
}

func TestDeterministic(t *testing.T) {
	a, b := Generate(Config{Groups: 50, Seed: 7}), Generate(Config{Groups: 50, Seed: 7})
	if !bytes.Equal(a.YAML(), b.YAML()) || !bytes.Equal(a.JSON(), b.JSON()) {
		t.Error("the same config gave different bytes")
	}
	if c := Generate(Config{Groups: 50, Seed: 8}); bytes.Equal(a.YAML(), c.YAML()) {
		t.Error("different seeds gave the same state")
	}
}

func TestShape(t *testing.T) {
	s := Generate(Config{Groups: 400, Seed: 1})
	if len(s.Groups) != 400 {
		t.Fatalf("%d groups, want 400", len(s.Groups))
	}
	if len(s.Services) < 400 || len(s.Services) != len(s.Endpoints) {
		t.Errorf("%d services and %d endpoints", len(s.Services), len(s.Endpoints))
	}
	ns := map[string]bool{}
	for _, g := range s.Groups {
		ns[g.Namespace()] = true
	}
	if len(ns) != 20 {
		t.Errorf("%d namespaces, want 20", len(ns))
	}
	if hosts := Generate(Config{Groups: 3, Hosts: 40}).Groups[0].Get("spec").(*Object).Get("hosts").([]any); len(hosts) != 40 {
		t.Errorf("%d hosts, want 40", len(hosts))
	}
}

// TestSkipperAgrees compiles a state from YAML and from JSON with rgc and
// with Skipper's converter: no diagnostics, and the same table.
func TestSkipperAgrees(t *testing.T) {
	s := Generate(Config{Groups: 120, Seed: 3})
	want := skipper(t, s.JSON())
	for name, in := range map[string][]byte{"state.yaml": s.YAML(), "state.json": s.JSON()} {
		res, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: name, Content: in})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			if d.Severity > rgc.Info { // zero weights are worth an info
				t.Errorf("%s: %s", name, d.Text())
			}
		}
		if !eskip.EqLists(res.Routes, want) {
			t.Errorf("%s: rgc's table differs from Skipper's (%d and %d routes)", name, len(res.Routes), len(want))
		}
	}
}

// TestDocsAndChanges: the documents of Docs compile like the stream, and
// the changes are accepted.
func TestDocsAndChanges(t *testing.T) {
	s := Generate(Config{Groups: 60, Seed: 4})
	var ins []rgc.Input
	for _, d := range s.Docs() {
		ins = append(ins, rgc.Input{Name: d.Name, Content: d.Content})
	}
	res, err := rgc.Compile(rgc.Options{}, ins...)
	if err != nil || res.Diagnostics.Count(rgc.Error)+res.Diagnostics.Count(rgc.Warning) > 0 {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	c := rgc.NewCompiler(rgc.Options{})
	var chs []rgc.Change
	for _, in := range ins {
		chs = append(chs, rgc.Change{Name: in.Name, Content: in.Content})
	}
	if _, err := c.Update(chs...); err != nil {
		t.Fatal(err)
	}
	g := s.ChangedGroup(5, 1)
	d, err := c.Update(rgc.Change{Name: DocName(g), Content: ObjectYAML(g)})
	if err != nil || len(d.Upserted) == 0 || len(d.Groups) != 1 {
		t.Errorf("group change: %v %+v", err, d)
	}
	e := s.ChangedEndpoints(2, 1)
	d, err = c.Update(rgc.Change{Name: DocName(e), Content: ObjectYAML(e)})
	if err != nil || len(d.Upserted) == 0 {
		t.Errorf("endpoints change: %v %+v", err, d)
	}
	if ds := c.Diagnostics(); ds.Count(rgc.Error)+ds.Count(rgc.Warning) > 0 {
		t.Error(ds)
	}
}

func skipper(t *testing.T, in []byte) []*eskip.Route {
	t.Helper()
	api, err := kubernetestest.NewAPI(kubernetestest.TestAPIOptions{}, bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	c, err := kubernetes.New(kubernetes.Options{KubernetesURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	routes, err := c.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	return routes
}
