package frontend

import (
	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// newMeta starts the metadata of object n of kind: its span and its place
// in the input.
func (l *loader) newMeta(n *yaml.Node, kind string) ir.Meta {
	m := ir.Meta{Src: l.span(n), Kind: kind, Doc: l.doc}
	l.doc++
	return m
}

// metadata decodes an object's metadata into m. Only the fields routing
// needs are read; Kubernetes sets many others (uid, managedFields, ...),
// so unknown fields are not reported here.
func (o *obj) metadata(n *yaml.Node, m *ir.Meta) {
	if isNull(n) {
		return
	}
	ok := o.mapping(n, "metadata", nil, func(key string, _, v *yaml.Node) {
		switch key {
		case "name":
			m.Name = o.str(v, "metadata", key)
		case "namespace":
			m.Namespace = o.str(v, "metadata", key)
		case "annotations":
			m.AnnotSrc = map[string]src.Span{}
			m.Annotations = o.stringMap(v, "metadata", key, m.AnnotSrc)
		case "labels":
			m.Labels = o.stringMap(v, "metadata", key, nil)
		}
	})
	if !ok {
		o.errorf(diag.WrongType, n, "metadata", "metadata: expected a mapping, got %s", describe(n))
	}
}

// register records an object under its kind, namespace and name. A later
// object with the same identity replaces an earlier one, as it would in a
// cluster; register returns the replaced one, or nil.
func (l *loader) register(o *obj, m *ir.Meta) *ir.Meta {
	if m.Name.V == "" {
		return nil
	}
	k := objectKey{kind: m.Kind, key: m.Key()}
	prev := l.seen[k]
	l.seen[k] = m
	if prev == nil {
		return nil
	}
	at := m.Name.Src
	if !at.IsValid() {
		at = m.Src
	}
	where := prev.Name.Src
	if !where.IsValid() {
		where = prev.Src
	}
	d := l.diags.Addf(diag.Warning, diag.DuplicateObject, at, o.id(), "duplicate %s %q replaces the one at %s",
		m.Kind, m.ID(), where)
	d.Path = "metadata.name"
	d.Hint = "objects are identified by kind, namespace and name; the later one wins, as when both are applied to a cluster"
	return prev
}
