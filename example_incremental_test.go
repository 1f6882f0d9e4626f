package rgc_test

import (
	"fmt"
	"strings"

	"github.com/rgc-dev/rgc"
)

const shopGroup = `apiVersion: zalando.org/v1
kind: RouteGroup
metadata:
  name: shop
  namespace: default
spec:
  hosts: [shop.example.org]
  backends:
  - {name: stable, type: network, address: "http://10.0.0.1:8080"}
  - {name: canary, type: network, address: "http://10.0.0.2:8080"}
  defaultBackends:
  - {backendName: stable, weight: 90}
  - {backendName: canary, weight: 10}
`

// The incremental compiler recompiles only what a change affects and says
// what changed in the table.
func ExampleCompiler_Update() {
	c := rgc.NewCompiler(rgc.Options{})
	c.Update(rgc.Change{Name: "shop.yaml", Content: []byte(shopGroup)})

	// move all traffic to the canary
	next := strings.Replace(shopGroup, "  - {backendName: stable, weight: 90}\n  - {backendName: canary, weight: 10}\n",
		"  - {backendName: canary}\n", 1)
	delta, _ := c.Update(rgc.Change{Name: "shop.yaml", Content: []byte(next)})
	fmt.Println("recompiled:", delta.Groups)
	for _, r := range delta.Upserted {
		fmt.Println("upsert:", r.Id, r.String())
	}
	fmt.Println("delete:", delta.Deleted)
	// Output:
	// recompiled: [default/shop]
	// upsert: kube_rg__default__shop__all__0_0 Host("^(shop[.]example[.]org[.]?(:[0-9]+)?)$") -> "http://10.0.0.2:8080"
	// delete: [kube_rg__default__shop__all__0_1]
}

// A data client serves the compiled table to Skipper: LoadAll once, then
// only the changes.
func ExampleDataClient() {
	dc := rgc.NewDataClient(rgc.Options{})
	dc.Push(rgc.Change{Name: "shop.yaml", Content: []byte(shopGroup)})
	all, _ := dc.LoadAll()
	fmt.Println(len(all), "routes")

	dc.Push(rgc.Change{Name: "shop.yaml", Delete: true})
	up, del, _ := dc.LoadUpdate()
	fmt.Println(len(up), "upserted,", len(del), "deleted")
	// Output:
	// 2 routes
	// 0 upserted, 2 deleted
}
