package fuzz

import (
	"flag"
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
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
// and so adds the catch-all; rgc decides on the route without its traffic
// predicates (weights skips dropped units) and adds none.
func TestKnownBugCatchAllAfterFailedBackend(t *testing.T) {
	knownBug(t, "passes/traffic.go applies no share to a dropped unit that Skipper had stored, so hasHostOnlyRoute sees a host-only route")
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

// The API server defaults an EndpointSlice port's protocol to TCP; rgc
// matches ports on TCP without that default and routes to port 0.
func TestKnownBugSlicePortProtocol(t *testing.T) {
	knownBug(t, "the front end does not default an EndpointSlice port's protocol to TCP (passes/endpoints.go slicePort then skips it)")
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
// server lists slices in name order, so rgc's table depends on the order
// of the input documents.
func TestKnownBugSliceOrder(t *testing.T) {
	knownBug(t, "passes/endpoints.go mergeSlices merges EndpointSlices in document order, not in name order")
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
// written); rgc sorts by the namespace as written and keeps my.app.
func TestKnownBugGroupOrderDefaultNamespace(t *testing.T) {
	knownBug(t, "passes/lower.go orderGroups sorts by Namespace.V as written instead of the defaulted namespace")
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
// prints eskip that `skipper -routes-file` cannot read, and says nothing.
// Either the text parses or rgc warns about the route.
func TestKnownBugUnparsableEskip(t *testing.T) {
	knownBug(t, "rgc emits routes that eskip.Parse rejects, without a diagnostic")
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
