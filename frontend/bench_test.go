package frontend

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc/internal/gen"
	"github.com/rgc-dev/rgc/internal/src"
)

// generate returns n route groups in the shape kubectl prints, each with
// a Service and Endpoints, as one multi-document stream.
func generate(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: app-%[1]d
  namespace: team-%[2]d
  annotations:
    zalando.org/routegroup.class: skipper
spec:
  hosts:
  - app-%[1]d.example.org
  backends:
  - name: app
    type: service
    serviceName: app-%[1]d
    servicePort: 80
  - name: canary
    type: service
    serviceName: app-%[1]d-canary
    servicePort: 80
  defaultBackends:
  - backendName: app
    weight: 90
  - backendName: canary
    weight: 10
  routes:
  - pathSubtree: /
  - path: /login
    methods: [GET, POST]
    predicates:
    - Header("X-Foo", "bar")
    - 'Cookie("session", /^[a-z]+$/)'
    filters:
    - setRequestHeader("X-App", "app-%[1]d")
    - "ratelimit(20, \"1m\")"
---
apiVersion: v1
kind: Service
metadata:
  name: app-%[1]d
  namespace: team-%[2]d
spec:
  clusterIP: 10.3.%[2]d.%[3]d
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Endpoints
metadata:
  name: app-%[1]d
  namespace: team-%[2]d
subsets:
- addresses:
  - ip: 10.2.%[2]d.%[3]d
  ports:
  - port: 8080
---
`, i, i%100, i%250)
	}
	return []byte(b.String())
}

func BenchmarkLoad(b *testing.B) {
	data := generate(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := src.NewFile("bench.yaml", data)
		_, ds := Load([]*src.File{f})
		if len(ds) != 0 {
			b.Fatal(renderDiags(ds))
		}
	}
}

// BenchmarkLoadGenerated loads generated cluster states (internal/gen) of
// 1,000 route groups, as a YAML stream and as a JSON List.
func BenchmarkLoadGenerated(b *testing.B) {
	s := gen.Generate(gen.Config{Groups: 1000, Seed: 1})
	for _, c := range []struct {
		name string
		in   []byte
	}{{"json", s.JSON()}, {"yaml", s.YAML()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ds := Load([]*src.File{src.NewFile("s."+c.name, c.in)}); ds.HasErrors() {
					b.Fatal(renderDiags(ds))
				}
			}
		})
	}
}
