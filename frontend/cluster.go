package frontend

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// The cluster objects are read with the fields Skipper reads and no
// others; their unknown fields are not reported, as the core API defines
// many that routing ignores.

// serviceNameLabel names the Service an EndpointSlice belongs to.
const serviceNameLabel = "kubernetes.io/service-name"

// namedObject decodes the metadata of a cluster object and calls fn for
// its other fields. It reports false when the object has no name.
func (l *loader) namedObject(o *obj, n *yaml.Node, m *ir.Meta, fn visit) bool {
	l.prog.HasClusterState = true
	o.mapping(n, "", nil, func(key string, k, v *yaml.Node) {
		if key == "metadata" {
			o.metadata(v, m)
			return
		}
		fn(key, k, v)
	})
	if m.Name.V == "" {
		o.errorf(diag.MissingField, n, "metadata.name", "%s without name", strings.ToLower(m.Kind)).Hint = "set metadata.name"
		return false
	}
	return true
}

func (l *loader) service(o *obj, n *yaml.Node) {
	s := &ir.Service{Meta: l.newMeta(n, "Service")}
	var spec *yaml.Node
	ok := l.namedObject(o, n, &s.Meta, func(key string, _, v *yaml.Node) {
		if key == "spec" {
			spec = v
			o.serviceSpec(s, v)
		}
	})
	if !ok {
		return
	}
	if isNull(spec) {
		o.warnf(diag.MissingField, n, "spec", "service without spec is ignored, as Skipper ignores it").Hint =
			"routes to this service fail as if it did not exist"
		return
	}
	if s.Type.V == "" {
		s.Type = ir.Str{V: "ClusterIP"} // the API server's default
	}
	l.register(o, &s.Meta)
	l.prog.Services[s.Key()] = s
}

func (o *obj) serviceSpec(s *ir.Service, n *yaml.Node) {
	if isNull(n) {
		return
	}
	ok := o.mapping(n, "spec", nil, func(key string, _, v *yaml.Node) {
		switch key {
		case "type":
			s.Type = o.str(v, "spec", key)
		case "clusterIP":
			s.ClusterIP = o.str(v, "spec", key)
		case "ports":
			s.Ports = o.servicePorts(v)
		}
	})
	if !ok {
		o.notMapping(diag.WrongType, n, "spec", "spec")
	}
}

func (o *obj) servicePorts(n *yaml.Node) []*ir.ServicePort {
	items, _ := o.seq(n, "spec", "ports")
	out := make([]*ir.ServicePort, 0, len(items))
	for i, it := range items {
		path := o.l.index("spec.ports", i)
		p := &ir.ServicePort{Src: o.l.span(it)}
		it = resolve(it)
		ok := o.mapping(it, path, nil, func(key string, _, v *yaml.Node) {
			switch key {
			case "name":
				p.Name = o.str(v, path, key).V
			case "port":
				p.Port = o.integer(v, path, key).V
			case "targetPort":
				p.TargetPort = o.intOrString(v, path, key)
			case "protocol":
				p.Protocol = o.str(v, path, key).V
			}
		})
		if !ok {
			o.notMapping(diag.WrongType, it, path, "ports"+path[len("spec.ports"):])
			continue
		}
		out = append(out, p)
	}
	return out
}

func (l *loader) endpoints(o *obj, n *yaml.Node) {
	e := &ir.Endpoints{Meta: l.newMeta(n, "Endpoints")}
	ok := l.namedObject(o, n, &e.Meta, func(key string, _, v *yaml.Node) {
		if key == "subsets" {
			e.Subsets = o.subsets(v)
		}
	})
	if !ok {
		return
	}
	l.register(o, &e.Meta)
	l.prog.Endpoints[e.Key()] = e
}

func (o *obj) subsets(n *yaml.Node) []*ir.Subset {
	items, _ := o.seq(n, "", "subsets")
	out := make([]*ir.Subset, 0, len(items))
	for i, it := range items {
		path := o.l.index("subsets", i)
		s := &ir.Subset{}
		it = resolve(it)
		ok := o.mapping(it, path, nil, func(key string, _, v *yaml.Node) {
			switch key {
			case "addresses":
				s.Addresses = o.addresses(v, path)
			case "ports":
				s.Ports = o.endpointPorts(v, path)
			}
			// notReadyAddresses take no traffic in Skipper.
		})
		if !ok {
			o.notMapping(diag.WrongType, it, path, path)
			continue
		}
		out = append(out, s)
	}
	return out
}

// addresses returns the IPs of an Endpoints subset's addresses.
func (o *obj) addresses(n *yaml.Node, path string) []string {
	items, _ := o.seq(n, path, "addresses")
	out := make([]string, 0, len(items))
	for i, it := range items {
		p := o.l.index(o.l.join(path, "addresses"), i)
		it = resolve(it)
		var ip string
		if !o.mapping(it, p, nil, func(key string, _, v *yaml.Node) {
			if key == "ip" {
				ip = o.str(v, p, key).V
			}
		}) {
			o.notMapping(diag.WrongType, it, p, p)
			continue
		}
		out = append(out, ip)
	}
	return out
}

func (o *obj) endpointPorts(n *yaml.Node, path string) []*ir.EndpointPort {
	items, _ := o.seq(n, path, "ports")
	out := make([]*ir.EndpointPort, 0, len(items))
	for i, it := range items {
		p := o.l.index(o.l.join(path, "ports"), i)
		// The API server defaults a port's protocol to TCP.
		ep := &ir.EndpointPort{Protocol: "TCP"}
		it = resolve(it)
		if !o.mapping(it, p, nil, func(key string, _, v *yaml.Node) {
			switch key {
			case "name":
				ep.Name = o.str(v, p, key).V
			case "port":
				ep.Port = o.integer(v, p, key).V
			case "protocol":
				ep.Protocol = o.str(v, p, key).V
			case "appProtocol":
				ep.AppProtocol = o.str(v, p, key).V
			}
		}) {
			o.notMapping(diag.WrongType, it, p, p)
			continue
		}
		out = append(out, ep)
	}
	return out
}

func (l *loader) endpointSlice(o *obj, n *yaml.Node) {
	s := &ir.EndpointSlice{Meta: l.newMeta(n, "EndpointSlice")}
	ok := l.namedObject(o, n, &s.Meta, func(key string, _, v *yaml.Node) {
		switch key {
		case "endpoints":
			s.Endpoints = o.sliceEndpoints(v)
		case "ports":
			// Skipper ignores slices whose ports are null or absent; an
			// empty list counts as ports.
			s.HasPorts = !isNull(v)
			s.Ports = o.endpointPorts(v, "")
		}
	})
	if !ok {
		return
	}
	s.ServiceName = s.Labels[serviceNameLabel]
	if s.ServiceName == "" {
		o.warnf(diag.MissingField, n, "metadata.labels", "endpoint slice without label %q belongs to no service", serviceNameLabel)
	}
	if prev := l.register(o, &s.Meta); prev != nil {
		l.removeSlice(prev)
	}
	k := ir.Key{Namespace: s.Key().Namespace, Name: s.ServiceName}
	l.prog.EndpointSlices[k] = append(l.prog.EndpointSlices[k], s)
}

// removeSlice removes the slice whose metadata is m.
func (l *loader) removeSlice(m *ir.Meta) {
	k := ir.Key{Namespace: m.Key().Namespace, Name: m.Labels[serviceNameLabel]}
	list := l.prog.EndpointSlices[k]
	for i, s := range list {
		if &s.Meta == m {
			l.prog.EndpointSlices[k] = append(list[:i:i], list[i+1:]...)
			return
		}
	}
}

func (o *obj) sliceEndpoints(n *yaml.Node) []*ir.SliceEndpoint {
	items, _ := o.seq(n, "", "endpoints")
	out := make([]*ir.SliceEndpoint, 0, len(items))
	for i, it := range items {
		path := o.l.index("endpoints", i)
		e := &ir.SliceEndpoint{}
		it = resolve(it)
		if !o.mapping(it, path, nil, func(key string, _, v *yaml.Node) {
			switch key {
			case "addresses":
				for _, a := range o.strList(v, path, key) {
					e.Addresses = append(e.Addresses, a.V)
				}
			case "zone":
				e.Zone = o.str(v, path, key).V
			case "conditions":
				o.conditions(e, v, path)
			}
		}) {
			o.notMapping(diag.WrongType, it, path, path)
			continue
		}
		out = append(out, e)
	}
	return out
}

func (o *obj) conditions(e *ir.SliceEndpoint, n *yaml.Node, path string) {
	if isNull(n) {
		return
	}
	p := join(path, "conditions")
	if !o.mapping(n, p, nil, func(key string, _, v *yaml.Node) {
		switch key {
		case "ready":
			e.Ready = o.boolean(v, p, key)
		case "serving":
			e.Serving = o.boolean(v, p, key)
		case "terminating":
			e.Terminating = o.boolean(v, p, key)
		}
	}) {
		o.notMapping(diag.WrongType, n, p, "conditions")
	}
}
