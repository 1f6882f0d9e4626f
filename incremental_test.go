package rgc_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/passes"
)

// The pool the property draws documents from: groups that share services,
// hosts and (on purpose) route ids, services with and without endpoints,
// different backend protocols for the same service, broken groups.
func groupDoc(t *rapid.T, i int) string {
	ns := rapid.SampledFrom([]string{"default", "team", ""}).Draw(t, "ns")
	name := rapid.SampledFrom([]string{"app", "app-x", "app.x", "web", "api"}).Draw(t, "name")
	svc := rapid.SampledFrom([]string{"svc-a", "svc-b", "missing"}).Draw(t, "svc")
	host := rapid.SampledFrom([]string{"a.example.org", "b.example.org", "a-b.example.org", "a.b.example.org"}).Draw(t, "host")
	proto := rapid.SampledFrom([]string{"", "https", "h2c"}).Draw(t, "proto")
	w := rapid.IntRange(0, 3).Draw(t, "weight")
	broken := rapid.IntRange(0, 9).Draw(t, "broken") == 0
	ann := ""
	if proto != "" {
		ann = fmt.Sprintf("\n  annotations: {zalando.org/skipper-backend-protocol: %s}", proto)
	}
	nsLine := ""
	if ns != "" {
		nsLine = "\n  namespace: " + ns
	}
	routes := "  defaultBackends: [{backendName: s, weight: %d}, {backendName: net, weight: 1}]\n"
	if rapid.Bool().Draw(t, "explicit") {
		routes += "  routes:\n  - pathSubtree: /%d\n    methods: [GET, POST]\n  - path: /x\n    backends: [{backendName: net}]\n"
		routes = fmt.Sprintf(routes, w, i)
	} else {
		routes = fmt.Sprintf(routes, w)
	}
	if broken {
		routes += "  - path: /y\n    backends: [{backendName: nope}]\n"
	}
	return fmt.Sprintf(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: %s%s%s
spec:
  hosts: [%s]
  backends:
  - {name: s, serviceName: %s, servicePort: 80}
  - {name: net, type: network, address: "http://10.9.9.%d"}
%s`, name, nsLine, ann, host, svc, i, routes)
}

func clusterDoc(t *rapid.T) string {
	ns := rapid.SampledFrom([]string{"default", "team"}).Draw(t, "cns")
	svc := rapid.SampledFrom([]string{"svc-a", "svc-b"}).Draw(t, "csvc")
	n := rapid.IntRange(0, 3).Draw(t, "addrs")
	var addrs []string
	for i := 0; i < n; i++ {
		addrs = append(addrs, fmt.Sprintf("{ip: 10.1.%d.%d}", len(svc), i))
	}
	return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata: {namespace: %s, name: %s}
spec:
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {namespace: %s, name: %s}
subsets:
- addresses: [%s]
  ports: [{port: 8080}]
`, ns, svc, ns, svc, strings.Join(addrs, ", "))
}

// TestIncrementalEqualsFullCompile: after any sequence of changes, the
// incremental compiler's table equals a full compile of the same documents
// in name order, route for route and in order, and its deltas applied to
// the previous table give the new one.
func TestIncrementalEqualsFullCompile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := passes.CLIDefaults()
		opts.HTTPSRedirect = rapid.Bool().Draw(t, "redirect")
		opts.EnableEastWest = rapid.Bool().Draw(t, "eastwest")
		c := rgc.NewCompiler(opts)
		docs := map[string]string{}
		table := map[string]string{}
		steps := rapid.IntRange(1, 12).Draw(t, "steps")
		for s := 0; s < steps; s++ {
			name := fmt.Sprintf("doc%d.yaml", rapid.IntRange(0, 6).Draw(t, "doc"))
			var ch rgc.Change
			switch rapid.IntRange(0, 3).Draw(t, "op") {
			case 0:
				ch = rgc.Change{Name: name, Delete: true}
				delete(docs, name)
			case 1:
				name = fmt.Sprintf("cluster%d.yaml", rapid.IntRange(0, 2).Draw(t, "cdoc"))
				content := clusterDoc(t)
				ch = rgc.Change{Name: name, Content: []byte(content)}
				docs[name] = content
			default:
				content := groupDoc(t, s)
				ch = rgc.Change{Name: name, Content: []byte(content)}
				docs[name] = content
			}
			d, err := c.Update(ch)
			if err != nil {
				t.Fatal(err)
			}
			applyDelta(table, d)
			full := fullCompile(t, opts, docs)
			got := c.Routes()
			if a, b := eskip.String(got...), eskip.String(full...); a != b {
				t.Fatalf("step %d: incremental table differs from full compile\nincremental:\n%s\nfull:\n%s", s, a, b)
			}
			want := map[string]string{}
			for _, r := range full {
				want[r.Id] = r.String()
			}
			if a, b := fmt.Sprint(sortedMap(table)), fmt.Sprint(sortedMap(want)); a != b {
				t.Fatalf("step %d: deltas do not add up to the table\nfrom deltas: %s\nfull: %s", s, a, b)
			}
		}
	})
}

func applyDelta(table map[string]string, d *rgc.Delta) {
	for _, id := range d.Deleted {
		delete(table, id)
	}
	for _, r := range d.Upserted {
		table[r.Id] = r.String()
	}
}

func sortedMap(m map[string]string) []string {
	var out []string
	for k, v := range m {
		if strings.HasPrefix(k, "kube__") {
			continue // global routes are not part of the deltas
		}
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

func fullCompile(t *rapid.T, opts rgc.Options, docs map[string]string) []*eskip.Route {
	var names []string
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	var in []rgc.Input
	for _, n := range names {
		in = append(in, rgc.Input{Name: n, Content: []byte(docs[n])})
	}
	res, err := rgc.Compile(opts, in...)
	if err != nil {
		t.Fatal(err)
	}
	return res.Routes
}

// Skipper caches endpoints by service and target port but not by scheme:
// the first group (in namespace/name order) to look a service up fixes the
// scheme for the others. Adding a group that sorts first must therefore
// recompile the groups after it.
func TestIncrementalSchemeCache(t *testing.T) {
	group := func(name, proto string) string {
		ann := ""
		if proto != "" {
			ann = ", annotations: {zalando.org/skipper-backend-protocol: " + proto + "}"
		}
		return `apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {name: ` + name + ann + `}
spec:
  backends: [{name: s, serviceName: svc, servicePort: 80}]
  defaultBackends: [{backendName: s}]
`
	}
	cluster := `apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: svc}
subsets:
- addresses: [{ip: 10.0.0.1}]
  ports: [{port: 8080}]
`
	opts := rgc.Options{}
	c := rgc.NewCompiler(opts)
	steps := []rgc.Change{
		{Name: "cluster.yaml", Content: []byte(cluster)},
		{Name: "b.yaml", Content: []byte(group("b", ""))},
		{Name: "a.yaml", Content: []byte(group("a", "h2c"))},
		{Name: "a.yaml", Content: []byte(group("a", "https"))},
		{Name: "a.yaml", Delete: true},
	}
	docs := map[string]string{}
	for i, ch := range steps {
		if _, err := c.Update(ch); err != nil {
			t.Fatal(err)
		}
		if ch.Delete {
			delete(docs, ch.Name)
		} else {
			docs[ch.Name] = string(ch.Content)
		}
		var in []rgc.Input
		for _, n := range []string{"a.yaml", "b.yaml", "cluster.yaml"} {
			if d, ok := docs[n]; ok {
				in = append(in, rgc.Input{Name: n, Content: []byte(d)})
			}
		}
		res, err := rgc.Compile(opts, in...)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := eskip.String(c.Routes()...), eskip.String(res.Routes...); a != b {
			t.Fatalf("step %d: incremental\n%s\nfull\n%s", i, a, b)
		}
	}
	if got := eskip.String(c.Routes()...); !strings.Contains(got, `"http://10.0.0.1:8080"`) {
		t.Fatalf("after deleting a, b must use its own scheme again: %s", got)
	}
}

func TestIncrementalReportsIDCollisions(t *testing.T) {
	group := func(name string) []byte {
		return []byte("apiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {name: " + name +
			"}\nspec:\n  backends: [{name: s, type: shunt}]\n  defaultBackends: [{backendName: s}]\n")
	}
	c := rgc.NewCompiler(rgc.Options{})
	c.Update(rgc.Change{Name: "a.yaml", Content: group("foo-bar")}, rgc.Change{Name: "b.yaml", Content: group("foo.bar")})
	var codes []string
	for _, d := range c.Diagnostics() {
		codes = append(codes, string(d.Code)+" "+d.Group)
	}
	if fmt.Sprint(codes) != "[RG601 default/foo.bar]" {
		t.Fatalf("got %v", codes)
	}
	res := c.Result()
	if len(res.Routes) != 1 || len(res.Groups) != 2 || len(res.Groups[1].Routes) != 0 {
		t.Fatalf("want foo-bar's route only, got %d routes, groups %+v", len(res.Routes), res.Groups)
	}
}

// Changing one group recompiles that group alone; changing an Endpoints
// object recompiles the groups that use its service and no other.
func TestIncrementalRecompilesOnlyWhatChanged(t *testing.T) {
	c := rgc.NewCompiler(passes.CLIDefaults())
	group := func(i int, weight int) rgc.Change {
		return rgc.Change{Name: fmt.Sprintf("g%04d.yaml", i), Content: []byte(fmt.Sprintf(`apiVersion: zalando.org/v1
kind: RouteGroup
metadata: {name: app%d, namespace: ns%d}
spec:
  hosts: [app%d.example.org]
  backends:
  - {name: s, serviceName: svc%d, servicePort: 80}
  - {name: net, type: network, address: "http://10.0.0.1"}
  defaultBackends: [{backendName: s, weight: %d}, {backendName: net, weight: 1}]
`, i, i%20, i, i%50, weight))}
	}
	endpoints := func(svc, ns int, ip string) rgc.Change {
		return rgc.Change{Name: fmt.Sprintf("svc%d.ns%d.yaml", svc, ns), Content: []byte(fmt.Sprintf(`apiVersion: v1
kind: Service
metadata: {name: svc%d, namespace: ns%d}
spec: {ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: svc%d, namespace: ns%d}
subsets: [{addresses: [{ip: %s}], ports: [{port: 8080}]}]
`, svc, ns, svc, ns, ip))}
	}
	var all []rgc.Change
	for i := 0; i < 1000; i++ {
		all = append(all, group(i, 3))
	}
	for i := 0; i < 100; i++ {
		all = append(all, endpoints(i%50, i%20, "10.1.0.1"))
	}
	if _, err := c.Update(all...); err != nil {
		t.Fatal(err)
	}
	d, _ := c.Update(group(7, 5))
	if fmt.Sprint(d.Groups) != "[ns7/app7]" || len(d.Upserted) != 2 || len(d.Deleted) != 0 {
		t.Fatalf("one group changed: recompiled %v, %d upserted, deleted %v", d.Groups, len(d.Upserted), d.Deleted)
	}
	// svc7 in ns7 is used by the groups i with i%50 == 7 and i%20 == 7
	d, _ = c.Update(endpoints(7, 7, "10.1.0.2"))
	var want []string
	for i := 0; i < 1000; i++ {
		if i%50 == 7 && i%20 == 7 {
			want = append(want, fmt.Sprintf("ns7/app%d", i))
		}
	}
	sort.Strings(want)
	if fmt.Sprint(d.Groups) != fmt.Sprint(want) {
		t.Fatalf("endpoints changed: recompiled %v, want %v", d.Groups, want)
	}
	if len(d.Upserted) != len(want) {
		t.Fatalf("want one upserted route per group using the service, got %d", len(d.Upserted))
	}
}

// A group defined in two documents: the later name wins, and the warning a
// full compile gives (RG008) is given too.
func TestIncrementalReportsDuplicates(t *testing.T) {
	doc := func(addr string) []byte {
		return []byte("apiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {name: app}\nspec:\n  backends: [{name: s, type: network, address: \"" +
			addr + "\"}]\n  defaultBackends: [{backendName: s}]\n")
	}
	in := []rgc.Input{{Name: "a.yaml", Content: doc("http://10.0.0.1")}, {Name: "b.yaml", Content: doc("http://10.0.0.2")}}
	full, _ := rgc.Compile(rgc.Options{}, in...)
	c := rgc.NewCompiler(rgc.Options{})
	for _, d := range in {
		c.Update(rgc.Change{Name: d.Name, Content: d.Content})
	}
	var a, b []string
	for _, d := range full.Diagnostics {
		a = append(a, d.Text())
	}
	for _, d := range c.Diagnostics() {
		b = append(b, d.Text())
	}
	if fmt.Sprint(a) != fmt.Sprint(b) || len(a) != 1 {
		t.Fatalf("full:\n%v\nincremental:\n%v", a, b)
	}
	if eskip.String(full.Routes...) != eskip.String(c.Routes()...) {
		t.Fatal("tables differ")
	}
}
