package frontend

import (
	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// routeGroup decodes a zalando.org/v1 RouteGroup. Any error marks the
// group Bad: Skipper's encoding/json decoding would fail on a value of the
// wrong type, and its validator rejects the whole group on a bad entry.
func (l *loader) routeGroup(o *obj, n *yaml.Node) {
	g := &ir.RouteGroup{Meta: l.newMeta(n, "RouteGroup")}
	var metaNode, specNode *yaml.Node
	o.mapping(n, "", routeGroupFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "metadata":
			metaNode = v
			o.metadata(v, &g.Meta)
		case "spec":
			specNode = v
			o.spec(g, v)
		}
	})
	if g.Name.V == "" {
		at := n
		if !isNull(metaNode) {
			at = metaNode
		}
		o.errorf(diag.MissingField, at, "metadata.name", "route group without name").Hint =
			"set metadata.name; Skipper ignores route groups without name"
	}
	if isNull(specNode) {
		o.errorf(diag.MissingSpec, n, "spec", "route group without spec").Hint =
			"add a spec with backends, and routes or defaultBackends"
	}
	g.Bad = o.errors > 0
	l.addGroup(o, g)
}

// addGroup appends g, replacing an earlier group of the same namespace and
// name.
func (l *loader) addGroup(o *obj, g *ir.RouteGroup) {
	if prev := l.register(o, &g.Meta); prev != nil {
		for i, h := range l.prog.Groups {
			if &h.Meta == prev {
				l.prog.Groups = append(l.prog.Groups[:i], l.prog.Groups[i+1:]...)
				break
			}
		}
	}
	l.prog.Groups = append(l.prog.Groups, g)
}

func (o *obj) spec(g *ir.RouteGroup, n *yaml.Node) {
	if isNull(n) {
		return
	}
	g.HasSpec = o.mapping(n, "spec", specFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "hosts":
			g.Hosts = o.strList(v, "spec", key)
			o.crdMinItems(v, "spec", key, emptyHostsHint)
		case "backends":
			g.Backends = o.backends(v)
		case "defaultBackends":
			g.DefaultBackends = o.refs(v, "spec", key)
		case "routes":
			g.Routes = o.routes(v)
			o.crdMinItems(v, "spec", key, emptyRoutesHint)
		case "tls":
			g.TLS = o.tls(v)
		}
	})
	if !g.HasSpec {
		// HasSpec stays false, so that the passes do not look for
		// backends in a spec that is not there.
		o.errorf(diag.WrongType, n, "spec", "spec: expected a mapping, got %s", describe(n))
	}
}

// notMapping reports an entry of a list of objects that is not one.
func (o *obj) notMapping(code diag.Code, n *yaml.Node, path, key string) {
	o.errorf(code, n, path, "%s: expected a mapping, got %s", key, describe(n))
}

func (o *obj) backends(n *yaml.Node) []*ir.Backend {
	items, _ := o.seq(n, "spec", "backends")
	if len(items) == 0 {
		return nil
	}
	out := make([]*ir.Backend, 0, len(items))
	for i, it := range items {
		path := o.l.index("spec.backends", i)
		b := &ir.Backend{Src: o.l.span(it), Path: path}
		before := o.errors
		it = resolve(it)
		ok := o.mapping(it, path, backendFields, func(key string, _, v *yaml.Node) {
			switch key {
			case "name":
				b.Name = o.str(v, path, key)
			case "type":
				b.TypeName = o.str(v, path, key)
			case "address":
				b.Address = o.str(v, path, key)
			case "algorithm":
				b.Algorithm = o.str(v, path, key)
			case "endpoints":
				b.Endpoints = o.strList(v, path, key)
			case "serviceName":
				b.ServiceName = o.str(v, path, key)
			case "servicePort":
				b.ServicePort = o.integer(v, path, key)
			}
		})
		if !ok {
			o.notMapping(diag.WrongType, it, path, "backends"+path[len("spec.backends"):])
		}
		b.Type, _ = ir.ParseBackendType(b.TypeName.V)
		b.Bad = o.errors > before
		if ok && !b.Bad {
			o.crdBackend(it, b, path)
		}
		out = append(out, b)
	}
	return out
}

// refs decodes defaultBackends or a route's backends.
func (o *obj) refs(n *yaml.Node, parent, key string) []*ir.BackendRef {
	items, _ := o.seq(n, parent, key)
	if len(items) == 0 {
		return nil
	}
	base := o.l.join(parent, key)
	out := make([]*ir.BackendRef, 0, len(items))
	for i, it := range items {
		path := o.l.index(base, i)
		r := &ir.BackendRef{Src: o.l.span(it), Path: path}
		before := o.errors
		it = resolve(it)
		ok := o.mapping(it, path, refFields, func(k string, _, v *yaml.Node) {
			switch k {
			case "backendName":
				r.Name = o.str(v, path, k)
			case "weight":
				r.Weight = o.integer(v, path, k)
			}
		})
		if !ok {
			o.notMapping(diag.WrongType, it, path, key+path[len(base):])
		}
		r.Bad = o.errors > before
		out = append(out, r)
	}
	return out
}

func (o *obj) routes(n *yaml.Node) []*ir.RouteSpec {
	items, _ := o.seq(n, "spec", "routes")
	if len(items) == 0 {
		return nil
	}
	out := make([]*ir.RouteSpec, 0, len(items))
	for i, it := range items {
		path := o.l.index("spec.routes", i)
		r := &ir.RouteSpec{Src: o.l.span(it), Path: path, Index: i}
		before := o.errors
		it = resolve(it)
		ok := o.mapping(it, path, routeFields, func(key string, _, v *yaml.Node) {
			switch key {
			case "path":
				r.PathExact = o.str(v, path, key)
			case "pathSubtree":
				r.PathSubtree = o.str(v, path, key)
			case "pathRegexp":
				r.PathRegexp = o.str(v, path, key)
			case "backends":
				r.Backends = o.refs(v, path, key)
			case "filters":
				r.Filters = o.exprs(v, path, key, filterExprs)
			case "predicates":
				r.Predicates = o.exprs(v, path, key, predicateExprs)
			case "methods":
				r.Methods = o.strList(v, path, key)
			}
		})
		if !ok {
			o.errorf(diag.InvalidRoute, it, path, "routes%s: expected a route (a mapping), got %s", path[len("spec.routes"):], describe(it)).Hint =
				"a route is a mapping such as {pathSubtree: /, backends: [{backendName: app}]}"
		}
		r.Bad = o.errors > before
		out = append(out, r)
	}
	return out
}

func (o *obj) tls(n *yaml.Node) []*ir.TLS {
	items, _ := o.seq(n, "spec", "tls")
	if len(items) == 0 {
		return nil
	}
	out := make([]*ir.TLS, 0, len(items))
	for i, it := range items {
		path := o.l.index("spec.tls", i)
		t := &ir.TLS{Src: o.l.span(it)}
		before := o.errors
		it = resolve(it)
		ok := o.mapping(it, path, tlsFields, func(key string, _, v *yaml.Node) {
			switch key {
			case "hosts":
				t.Hosts = o.strList(v, path, key)
			case "secretName":
				t.SecretName = o.str(v, path, key)
			}
		})
		if !ok {
			o.notMapping(diag.WrongType, it, path, "tls"+path[len("spec.tls"):])
		} else if o.errors == before {
			// a value of the wrong type is reported already
			o.crdTLS(it, t, path)
		}
		out = append(out, t)
	}
	return out
}
