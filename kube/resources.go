package kube

// Resource is one kind rgc reads, as Skipper reads it.
type Resource struct {
	// Name is the resource's plural name, e.g. "routegroups"; it also
	// prefixes the names of its documents.
	Name string
	// Group and Version of the API, "" group for the core API.
	Group, Version string
	// Kind of its objects, for list items, which come without it.
	Kind string
	// Selector is the label selector query value; "" for none.
	Selector string
}

// APIVersion is the apiVersion of the resource's objects.
func (r Resource) APIVersion() string {
	if r.Group == "" {
		return r.Version
	}
	return r.Group + "/" + r.Version
}

// Path is the collection path, in namespace ns or in all namespaces.
func (r Resource) Path(ns string) string {
	p := "/apis/" + r.Group + "/" + r.Version
	if r.Group == "" {
		p = "/api/" + r.Version
	}
	if ns != "" {
		p += "/namespaces/" + ns
	}
	return p + "/" + r.Name
}

// The resources, with Skipper's paths (dataclients/kubernetes/clusterclient.go).
var (
	RouteGroups    = Resource{Name: "routegroups", Group: "zalando.org", Version: "v1", Kind: "RouteGroup"}
	Ingresses      = Resource{Name: "ingresses", Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}
	Services       = Resource{Name: "services", Version: "v1", Kind: "Service"}
	Endpoints      = Resource{Name: "endpoints", Version: "v1", Kind: "Endpoints"}
	EndpointSlices = Resource{Name: "endpointslices", Group: "discovery.k8s.io", Version: "v1", Kind: "EndpointSlice"}
)

// Resources are the kinds c reads, in the order Skipper fetches them.
func (c Config) Resources() []Resource {
	var rs []Resource
	add := func(r Resource, labels map[string]string) {
		r.Selector = selector(labels)
		rs = append(rs, r)
	}
	if !c.NoIngresses {
		add(Ingresses, c.IngressLabels)
	}
	add(RouteGroups, c.RouteGroupLabels)
	add(Services, c.ServiceLabels)
	if c.EndpointSlices {
		add(EndpointSlices, c.EndpointSliceLabels)
	} else {
		add(Endpoints, c.EndpointLabels)
	}
	return rs
}
