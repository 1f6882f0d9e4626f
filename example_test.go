package rgc_test

import (
	"fmt"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

// Compile a route group held in memory with the zero Options (no HTTPS
// redirect, no health check routes, as Skipper's kubernetes.Options zero
// value). The group has a syntax error in a predicate, so, as in Skipper,
// it contributes no routes, and the diagnostic says where the error is.
func ExampleCompile() {
	const doc = `
apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: my-app
spec:
  hosts: [my-app.example.org]
  backends:
  - name: app
    type: network
    address: http://10.2.0.11:8080
  - name: answer
    type: shunt
  defaultBackends:
  - backendName: app
  routes:
  - pathSubtree: /
  - path: /healthz
    filters: ["status(204)"]
    backends: [{backendName: answer}]
  - path: /broken
    predicates: ['Header("X-Canary" "true")']
`
	res, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: "routes.yaml", Content: []byte(doc)})
	if err != nil {
		panic(err) // rgc itself failed
	}
	fmt.Println(len(res.Routes), "routes")
	for _, d := range res.Diagnostics {
		fmt.Println(d.Line())
	}
	// Output:
	// 0 routes
	// routes.yaml:22:37: error: default/my-app: unexpected "\"true\"" in predicate, expected "," or ")" [RG101]
}

// The same group without the broken route compiles to one route per route
// entry, and a catch-all route for the host.
func ExampleCompile_routes() {
	const doc = `
apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: my-app
spec:
  hosts: [my-app.example.org]
  backends:
  - name: app
    type: network
    address: http://10.2.0.11:8080
  - name: answer
    type: shunt
  defaultBackends:
  - backendName: app
  routes:
  - pathSubtree: /
  - path: /healthz
    filters: ["status(204)"]
    backends: [{backendName: answer}]
`
	res, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: "routes.yaml", Content: []byte(doc)})
	if err != nil {
		panic(err)
	}
	fmt.Print(eskip.Print(eskip.PrettyPrintInfo{Pretty: true, IndentStr: "  "}, res.Routes...))
	fmt.Println()
	fmt.Println(len(res.Diagnostics), "diagnostics")
	// Output:
	// kube_rg__default__my_app__all__0_0: PathSubtree("/") && Host("^(my-app[.]example[.]org[.]?(:[0-9]+)?)$")
	//   -> "http://10.2.0.11:8080";
	//
	// kube_rg__default__my_app__all__1_0: Path("/healthz") && Host("^(my-app[.]example[.]org[.]?(:[0-9]+)?)$")
	//   -> status(204)
	//   -> <shunt>;
	//
	// kube_rg____my_app_example_org__catchall__0_0: Host("^(my-app[.]example[.]org[.]?(:[0-9]+)?)$")
	//   -> <shunt>;
	// 0 diagnostics
}
