package kube_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zalando/skipper/dataclients/kubernetes"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/internal/cli"
	"github.com/rgc-dev/rgc/internal/gen"
	"github.com/rgc-dev/rgc/kube"
)

var nextIP atomic.Int64

// state is a generated cluster state as plain objects: route groups,
// Services, Endpoints, an EndpointSlice per Endpoints and Ingresses of
// another class (which Skipper skips, and so does rgc).
func state(t *testing.T, groups int, seed uint64, nsPrefix string) []map[string]any {
	t.Helper()
	var list struct{ Items []map[string]any }
	if err := json.Unmarshal(gen.Generate(gen.Config{Groups: groups, Seed: seed}).JSON(), &list); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for i, o := range list.Items {
		meta := o["metadata"].(map[string]any)
		meta["namespace"] = nsPrefix + meta["namespace"].(string)
		for _, k := range []string{"uid", "resourceVersion", "creationTimestamp", "generation"} {
			delete(meta, k) // the API server's to set
		}
		if spec, ok := o["spec"].(map[string]any); ok && o["kind"] == "Service" && spec["clusterIP"] != nil {
			// The generator may repeat an address; the API server
			// allocates each once.
			n := nextIP.Add(1)
			spec["clusterIP"] = fmt.Sprintf("10.4.%d.%d", n/250, 1+n%250)
		}
		out = append(out, o)
		if o["kind"] == "Endpoints" {
			out = append(out, endpointSlice(o))
		}
		if o["kind"] == "RouteGroup" && i%10 == 0 {
			out = append(out, ingress(meta["namespace"].(string), meta["name"].(string)))
		}
	}
	return out
}

func endpointSlice(ep map[string]any) map[string]any {
	meta := ep["metadata"].(map[string]any)
	var endpoints, ports []any
	for _, s := range ep["subsets"].([]any) {
		s := s.(map[string]any)
		for _, a := range s["addresses"].([]any) {
			endpoints = append(endpoints, map[string]any{
				"addresses":  []any{a.(map[string]any)["ip"]},
				"conditions": map[string]any{"ready": true},
			})
		}
		for _, p := range s["ports"].([]any) {
			p := p.(map[string]any)
			sp := map[string]any{"port": p["port"], "protocol": "TCP"}
			if n, ok := p["name"]; ok {
				sp["name"] = n
			}
			ports = append(ports, sp)
		}
		break // one subset per generated Endpoints
	}
	return map[string]any{
		"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
		"metadata": map[string]any{
			"name": meta["name"].(string) + "-x1", "namespace": meta["namespace"],
			"labels": map[string]any{"kubernetes.io/service-name": meta["name"]},
		},
		"addressType": "IPv4", "endpoints": endpoints, "ports": ports,
	}
}

func ingress(ns, name string) map[string]any {
	return map[string]any{
		"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
		"metadata": map[string]any{"name": name + "-ing", "namespace": ns},
		"spec": map[string]any{
			"ingressClassName": "other",
			"rules": []any{map[string]any{"host": name + ".ingress.example.org", "http": map[string]any{"paths": []any{
				map[string]any{"path": "/", "pathType": "Prefix", "backend": map[string]any{"service": map[string]any{"name": name, "port": map[string]any{"number": 80}}}},
			}}}},
		},
	}
}

// load writes objects to the API server, 8 at a time.
func load(t *testing.T, objs []map[string]any) {
	t.Helper()
	ctx := context.Background()
	nss := map[string]bool{}
	for _, o := range objs {
		nss[o["metadata"].(map[string]any)["namespace"].(string)] = true
	}
	for ns := range nss {
		if err := api.EnsureNamespace(ctx, ns); err != nil {
			t.Fatal(err)
		}
	}
	work := make(chan map[string]any)
	errs := make(chan error, len(objs))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for o := range work {
				if err := api.ApplyObject(ctx, o); err != nil {
					errs <- err
				}
			}
		})
	}
	for _, o := range objs {
		work <- o
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// files are the objects as the documents of a repository of manifests.
func files(t *testing.T, objs []map[string]any) []rgc.Input {
	var in []rgc.Input
	for i, o := range objs {
		b, err := json.MarshalIndent(o, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, rgc.Input{Name: fmt.Sprintf("manifests/%04d.json", i), Content: b})
	}
	return in
}

// skipperTable is the table Skipper's own data client builds from the API
// server, through a kubectl-proxy-like proxy (Skipper speaks plain HTTP to
// -kubernetes-url).
func skipperTable(t *testing.T, o kubernetes.Options) []*eskip.Route {
	t.Helper()
	p := api.NewProxy()
	defer p.Close()
	o.KubernetesURL = p.URL
	dc, err := kubernetes.New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	routes, err := dc.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	return routes
}

func snapshot(t *testing.T, cfg kube.Config) *kube.State {
	t.Helper()
	if cfg.Kubeconfig == "" && cfg.URL == "" {
		kc, err := api.Kubeconfig("admin.kubeconfig", api.Token)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Kubeconfig = kc
	}
	c, err := cfg.Connect()
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func compile(t *testing.T, opts rgc.Options, in []rgc.Input) *rgc.Result {
	t.Helper()
	res, err := rgc.Compile(opts, in...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// sameTable fails unless the tables are equal, naming the routes that differ.
func sameTable(t *testing.T, what string, got, want []*eskip.Route) {
	t.Helper()
	if eskip.EqLists(got, want) {
		return
	}
	g, w := map[string]string{}, map[string]string{}
	for _, r := range got {
		g[r.Id] = r.String()
	}
	for _, r := range want {
		w[r.Id] = r.String()
	}
	var diffs []string
	for id, s := range g {
		if w[id] != s {
			diffs = append(diffs, fmt.Sprintf("  %s:\n    got  %s\n    want %s", id, s, w[id]))
		}
	}
	for id, s := range w {
		if _, ok := g[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("  %s: missing, want %s", id, s))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], "  ...")
	}
	t.Errorf("%s: %d routes, want %d:\n%s", what, len(got), len(want), strings.Join(diffs, "\n"))
}

// TestSnapshot: the table read from the cluster equals the table compiled
// from the same objects in files and the table Skipper's own data client
// builds from the same API server, with Endpoints and with EndpointSlices,
// for all namespaces and for one.
func TestSnapshot(t *testing.T) {
	objs := state(t, 150, 11, "snap-")
	load(t, objs)
	nsObjs := func(ns string) []map[string]any {
		var out []map[string]any
		for _, o := range objs {
			if o["metadata"].(map[string]any)["namespace"] == ns {
				out = append(out, o)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		slices bool
		ns     string
	}{
		{"endpoints", false, ""},
		{"endpointslices", true, ""},
		{"namespace", false, "snap-team-003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := snapshot(t, kube.Config{EndpointSlices: tc.slices, Namespace: tc.ns})
			opts := rgc.Options{EnableEndpointSlices: tc.slices}
			got := compile(t, opts, s.Inputs())
			for _, d := range got.Diagnostics {
				if d.Severity > rgc.Info && strings.HasPrefix(d.Group, "snap-") {
					t.Errorf("cluster: %s", d.Text())
				}
			}
			want := objs
			if tc.ns != "" {
				want = nsObjs(tc.ns)
			}
			fromFiles := compile(t, opts, files(t, want))
			sk := skipperTable(t, kubernetes.Options{KubernetesEnableEndpointslices: tc.slices, KubernetesNamespace: tc.ns})
			// Other tests' namespaces are in the cluster too: compare
			// this test's routes.
			mine := func(rs []*eskip.Route) []*eskip.Route {
				var out []*eskip.Route
				for _, r := range rs {
					if strings.Contains(r.Id, "_snap") {
						out = append(out, r)
					}
				}
				return out
			}
			least := 150 // a route per group at least
			if tc.ns != "" {
				least = 5 // of the 150 groups in 7 namespaces
			}
			if len(mine(fromFiles.Routes)) < least {
				t.Fatalf("only %d routes from files", len(fromFiles.Routes))
			}
			sameTable(t, "cluster vs files", mine(got.Routes), mine(fromFiles.Routes))
			sameTable(t, "cluster vs Skipper", mine(got.Routes), mine(sk))
		})
	}
}

// TestCompileCommand: rgc compile -kubernetes prints what rgc compile
// prints for the same objects in files.
func TestCompileCommand(t *testing.T) {
	objs := state(t, 40, 12, "cmd-")
	load(t, objs)
	dir := t.TempDir()
	var paths []string
	for _, in := range files(t, objs) {
		p := filepath.Join(dir, strings.ReplaceAll(in.Name, "/", "_"))
		if err := os.WriteFile(p, in.Content, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	kc, err := api.Kubeconfig("cmd.kubeconfig", api.Token)
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		var out, errs bytes.Buffer
		if code := cli.Main(args, nil, &out, &errs); code != 0 {
			t.Fatalf("rgc %s: exit %d: %s", strings.Join(args, " "), code, errs.String())
		}
		return out.String()
	}
	ns := "cmd-team-001"
	var nsPaths []string
	for i, o := range objs {
		if o["metadata"].(map[string]any)["namespace"] == ns {
			nsPaths = append(nsPaths, paths[i])
		}
	}
	fromFiles := run(append([]string{"compile"}, nsPaths...)...)
	fromCluster := run("compile", "-kubernetes", "-kubeconfig", kc, "-kubernetes-namespace", ns)
	if fromCluster != fromFiles || strings.Count(fromFiles, "\n") < 5 {
		t.Errorf("rgc compile -kubernetes:\n%s\nfrom files:\n%s", fromCluster, fromFiles)
	}
	// KUBECONFIG as kubectl reads it, and a label selector that selects
	// no route group: only the global routes are left.
	t.Setenv("KUBECONFIG", kc)
	sel := run("compile", "-kubernetes", "-kubernetes-namespace", ns, "-kubernetes-routegroups-label-selectors", "nothing=here")
	if strings.Contains(sel, "kube_rg__") || sel == "" {
		t.Errorf("with a label selector that matches nothing:\n%s", sel)
	}
	// An API server that cannot be reached: exit status 3 (I/O).
	var out, errs bytes.Buffer
	if code := cli.Main([]string{"check", "-kubernetes", "-kubernetes-url", "http://127.0.0.1:1"}, nil, &out, &errs); code != 3 || !strings.Contains(errs.String(), "127.0.0.1:1") {
		t.Errorf("unreachable API server: exit %d, stderr %q", code, errs.String())
	}
}
