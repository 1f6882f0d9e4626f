package fuzz

import (
	"context"
	"flag"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"github.com/zalando/skipper/routing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/diag"
)

// Regression cases: counterexamples the properties found, shrunk and kept
// as plain inputs. A case for a bug that is not fixed yet is skipped with
// "known bug"; remove the skip (and the exception in differential_test.go
// that steps around it) when the fix lands.

var knownBugs = flag.Bool("rgc.knownbugs", false, "run the regression cases of known, unfixed bugs instead of skipping them")

// knownBug skips a regression case of an unfixed bug unless
// -rgc.knownbugs is set.
func knownBug(t *testing.T, why string) {
	t.Helper()
	if !*knownBugs {
		t.Skip("known bug: " + why)
	}
}

// sameAsSkipper compiles one YAML file with rgc and with Skipper's data
// client and requires equal tables.
func sameAsSkipper(t *testing.T, o convOptions, yaml string) {
	t.Helper()
	fs := []file{{Name: "in.yaml", Content: []byte(yaml)}}
	want, logs, err := skipperTable(fs, o)
	if err != nil {
		t.Fatal(err)
	}
	res := compile(t, fs, o)
	stripZones(res.Routes)
	if !eqTables(res.Routes, want) {
		t.Errorf("rgc's table differs from Skipper's (- rgc, + Skipper):\n%s\nrgc diagnostics:\n%s\nSkipper log:\n%s",
			tableDiff(res.Routes, want), diagText(res), logs)
	}
}

// When a later backend of a route fails, Skipper has already stored the
// earlier backends' routes for the host, with their Traffic predicates,
// and so adds the catch-all (rgc used to decide without the traffic
// predicates and add none).
func TestCatchAllAfterFailedBackend(t *testing.T) {
	sameAsSkipper(t, convOptions{}, `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
  namespace: default
spec:
  hosts:
  - shop.example.org
  backends:
  - name: b1
    type: service
    serviceName: svc-b
    servicePort: 80
  - name: main
    type: lb
    endpoints:
    - http://10.1.0.2:8080
  routes:
  - backends:
    - backendName: main
    - backendName: b1
`)
}

// sameAsAPIServer compiles in with rgc, and api — the same objects as a
// real API server serves them (defaults filled in, listed in name order)
// — with Skipper's data client, and requires equal tables.
func sameAsAPIServer(t *testing.T, o convOptions, in, api string) {
	t.Helper()
	want, logs, err := skipperTable([]file{{Name: "api.yaml", Content: []byte(api)}}, o)
	if err != nil {
		t.Fatal(err)
	}
	fs := []file{{Name: "in.yaml", Content: []byte(in)}}
	res := compile(t, fs, o)
	stripZones(res.Routes)
	if !eqTables(res.Routes, want) {
		t.Errorf("rgc's table differs from Skipper's (- rgc, + Skipper):\n%s\nrgc diagnostics:\n%s\nSkipper log:\n%s",
			tableDiff(res.Routes, want), diagText(res), logs)
	}
}

const sliceGroup = `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
  namespace: default
spec:
  backends:
  - name: b
    serviceName: svc
    servicePort: 80
  defaultBackends:
  - backendName: b
---
apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: default
spec:
  type: ClusterIP
  ports:
  - port: 80
    targetPort: 8080
    protocol: TCP
`

// The API server defaults an EndpointSlice port's protocol to TCP (rgc
// used to match ports on TCP without the default and route to port 0).
func TestSlicePortProtocol(t *testing.T) {
	slice := `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: svc-a
  namespace: default
  labels:
    kubernetes.io/service-name: svc
endpoints:
- addresses: [10.0.0.1]
ports:
- port: 8080
`
	sameAsAPIServer(t, convOptions{EndpointSlices: true}, sliceGroup+slice, sliceGroup+slice+"  protocol: TCP\n")
}

// A service's EndpointSlices are merged in document order: the ports (and
// the zone of an address listed twice) come from the last slice. The API
// server lists slices in name order (rgc used to merge them in document
// order, so its table depended on the order of the input documents).
func TestSliceOrder(t *testing.T) {
	slice := func(name string, port int) string {
		return `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ` + name + `
  namespace: default
  labels:
    kubernetes.io/service-name: svc
endpoints:
- addresses: [10.0.0.1]
ports:
- name: ""
  port: ` + itoa(port) + `
  protocol: TCP
`
	}
	sameAsAPIServer(t, convOptions{EndpointSlices: true},
		sliceGroup+slice("svc-b", 8080)+slice("svc-a", 9090),
		sliceGroup+slice("svc-a", 9090)+slice("svc-b", 8080))
}

// Two groups whose route ids collide: Skipper keeps the first in
// namespace/name order. The API server fills in the namespace "default"
// before Skipper sorts, so default/my-app wins over my.app (no namespace
// written; rgc used to sort by the namespace as written and keep my.app).
func TestGroupOrderDefaultNamespace(t *testing.T) {
	group := func(ns, name, backend string) string {
		return `---
apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: ` + name + ns + `
spec:
  backends:
  - name: b
    type: ` + backend + `
  defaultBackends:
  - backendName: b
`
	}
	sameAsAPIServer(t, convOptions{},
		group("", "my.app", "shunt")+group("\n  namespace: default", "my-app", "loopback"),
		group("\n  namespace: default", "my.app", "shunt")+group("\n  namespace: default", "my-app", "loopback"))
}

// Skipper's converter builds routes that its own eskip parser rejects
// (methods plus a Method() predicate, path plus Path(), two Header()
// predicates on one name, Header() with one argument, an lb backend with
// http and https endpoints). rgc emits them faithfully, so `rgc compile`
// prints eskip that `skipper -routes-file` cannot read; it must say so
// (RG111; rgc used to say nothing).
func TestUnparsableEskipWarns(t *testing.T) {
	in := `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
spec:
  backends:
  - name: b
    type: shunt
  routes:
  - methods: [GET]
    predicates: ['Method("GET")']
    backends:
    - backendName: b
`
	res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{})
	text := eskip.Print(eskip.PrettyPrintInfo{}, res.Routes...)
	if _, err := eskip.Parse(text); err != nil && res.Diagnostics.Count(rgc.Warning)+res.Diagnostics.Count(rgc.Error) == 0 {
		t.Errorf("the output does not parse (%v) and rgc reports nothing:\n%s", err, text)
	}
}

// With the traffic-predicate algorithm, the HTTPS redirect of a weighted
// route carries the route's Traffic() predicate; when that coin fails,
// Skipper's routing tries the routes of equal weight next, the route
// itself among them (its Traffic() plus nothing weighs as much as the
// redirect's Traffic() plus Header()), and serves a plain HTTP request
// without redirecting it. Skipper's converter builds the same table, so
// this is Skipper's behaviour, which rgc reproduces; spec §8.3 promises a
// redirect. Found by the routing property.
func TestKnownBugRedirectBypass(t *testing.T) {
	knownBug(t, "the redirect of a route with Traffic() predicates does not outweigh the route itself (Skipper does the same)")
	in := `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
  namespace: default
spec:
  hosts: [a.example.org]
  backends:
  - {name: one, type: shunt}
  - {name: two, type: loopback}
  routes:
  - path: /
    backends:
    - {backendName: one, weight: 1}
    - {backendName: two, weight: 1}
`
	res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{HTTPSRedirect: true})
	req := httptest.NewRequest("GET", "http://a.example.org/", nil)
	req.Header.Set("X-Forwarded-Proto", "http")
	bypass := 0
	// The order of routes of equal weight is fixed when a routing table
	// is built, from map iteration: build it again and again.
	for i := 0; i < 20; i++ {
		rt, invalid := skipperRouting(res.Routes)
		if len(invalid) > 0 {
			t.Fatal(invalid)
		}
		for j := 0; j < 50; j++ {
			r, _ := rt.Route(req.WithContext(routing.NewContext(context.Background())))
			if r == nil || !strings.HasSuffix(r.Id, "_https_redirect") {
				bypass++
			}
		}
		rt.Close()
	}
	if bypass > 0 {
		t.Errorf("%d of 1000 plain HTTP requests were not redirected:\n%s", bypass, printTable(res.Routes))
	}
}

// A route with path: and a Path() predicate prints as eskip that does not
// parse ("duplicate path tree predicate"); RG111 must say so (it used to
// cover only Method and Header). Found by the round-trip property.
func TestDuplicatePathWarns(t *testing.T) {
	in := `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
spec:
  backends:
  - name: b
    type: shunt
  routes:
  - path: /
    predicates: ['Path("/x")']
    backends:
    - backendName: b
`
	res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{})
	text := eskip.Print(eskip.PrettyPrintInfo{}, res.Routes...)
	if _, err := eskip.Parse(text); err != nil && !hasCode(res, diag.NotEskip) {
		t.Errorf("the output does not parse (%v) and rgc does not warn (RG111):\n%s", err, text)
	}
}

// Whether an lb backend mixes schemes depends on the backend of each
// route, not on the route entry: the lb route of the second backend below,
// and the implicit route of a group without routes, print as eskip that
// does not parse ("mixed protocols"); RG111 must say so (it used to check
// the first route of an entry only). Found by the round-trip property.
func TestMixedSchemesWarn(t *testing.T) {
	for _, in := range []string{`apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
spec:
  backends:
  - {name: one, type: shunt}
  - {name: two, type: lb, endpoints: ["http://10.1.0.1:8080", "https://lb.example.org"]}
  routes:
  - backends:
    - backendName: one
    - backendName: two
`, `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app
spec:
  backends:
  - {name: two, type: lb, endpoints: ["http://10.1.0.1:8080", "https://lb.example.org"]}
  defaultBackends:
  - backendName: two
`} {
		res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{})
		text := eskip.Print(eskip.PrettyPrintInfo{}, res.Routes...)
		if _, err := eskip.Parse(text); err != nil && !hasCode(res, diag.NotEskip) {
			t.Errorf("the output does not parse (%v) and rgc does not warn (RG111):\n%s", err, text)
		}
	}
}

// A YAML syntax error at the very end of a file is reported on the line
// after the last (yaml.v3 counts one more), and src.File.Pos gives a
// line that does not exist offset 0; the diagnostic should point at the
// end of the file. Found by FuzzCompile (testdata/fuzz/FuzzCompile).
func TestPositionPastEOF(t *testing.T) {
	for _, in := range []string{"{", "a: [", "- a\nb"} {
		res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{})
		for _, d := range res.Diagnostics {
			p := d.Span.Start
			if q := d.Span.File.PosAt(p.Offset); q != p || p.Offset > len(in) {
				t.Errorf("%q: %s at %s, but its offset %d is %s", in, d.Message, p, p.Offset, q)
			}
		}
	}
}

// yaml.v3 breaks lines at \n, \r\n, a lone \r, U+0085, U+2028 and
// U+2029; internal/src's line index knows only \n, so every position after
// another line break has the wrong offset (a line:column yaml.v3 gives is
// mapped to the wrong byte). Found by FuzzCompile
// (testdata/fuzz/FuzzCompile/8672420731d06eb8).
func TestLineBreaks(t *testing.T) {
	for _, in := range []string{"{0\r0]0\n", "a: 1\rb: [x\n", "a: 1\u2028b: [x\n", "a: 1\u0085b: [x\n"} {
		res := compile(t, []file{{Name: "in.yaml", Content: []byte(in)}}, convOptions{})
		for _, d := range res.Diagnostics {
			p := d.Span.Start
			if q := d.Span.File.PosAt(p.Offset); q != p {
				t.Errorf("%q: %s at %s, but its offset %d is %s", in, d.Message, p, p.Offset, q)
			}
		}
	}
}

func hasCode(res *rgc.Result, c diag.Code) bool {
	for _, d := range res.Diagnostics {
		if d.Code == c {
			return true
		}
	}
	return false
}
