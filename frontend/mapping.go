package frontend

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
)

// Field tables of the RouteGroup CRD. Kubernetes prunes every other field,
// so rgc warns about them; a close match is likely a typo.
var (
	routeGroupFields = []string{"apiVersion", "kind", "metadata", "spec", "status"}
	specFields       = []string{"hosts", "backends", "defaultBackends", "routes", "tls"}
	backendFields    = []string{"name", "type", "address", "algorithm", "endpoints", "serviceName", "servicePort"}
	refFields        = []string{"backendName", "weight"}
	routeFields      = []string{"path", "pathSubtree", "pathRegexp", "backends", "filters", "predicates", "methods"}
	tlsFields        = []string{"hosts", "secretName"}
)

// visit is called for each field of a mapping with the key, the key node
// and the value node (aliases resolved).
type visit func(key string, k, v *yaml.Node)

// mapping checks that n is a mapping and calls fn for each of its fields
// in order. n must be resolved. A key given twice is reported and only its
// last value is visited, as encoding/json (and so Skipper) keeps the last.
// Merge keys (<<) are expanded as kubectl's YAML parser expands them. When
// known is not nil, fields not in it are reported and skipped. It reports
// false when n is not a mapping (null included); the caller reports that.
func (o *obj) mapping(n *yaml.Node, path string, known []string, fn visit) bool {
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	c := n.Content
	keys := newKeyIndex(c)
	merges := false
	for i := 0; i+1 < len(c); i += 2 {
		k := c[i]
		if isMergeKey(k) {
			merges = true
			continue
		}
		if k.Kind != yaml.ScalarNode {
			o.errorf(diag.WrongType, k, path, "expected a string as mapping key, got %s", describe(k))
			continue
		}
		if keys.repeated(i) {
			o.errorf(diag.DuplicateKey, k, join(path, k.Value), "duplicate key %q", k.Value).Hint =
				"the last value wins, as in Kubernetes; remove the others"
		}
		if !keys.last(i) {
			continue
		}
		key, ok := o.field(k, path, known)
		if !ok {
			continue
		}
		fn(key, k, resolve(c[i+1]))
	}
	if merges {
		o.merge(n, path, known, fn)
	}
	return true
}

func isMergeKey(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.Tag == "!!merge" }

// keyIndex answers whether a key of a mapping repeats an earlier one or is
// repeated later. Small mappings (nearly all of them) are scanned; large
// ones get maps, so that a mapping with many keys stays linear.
type keyIndex struct {
	c               []*yaml.Node
	firstAt, lastAt map[string]int
}

const keyScanLimit = 16

func newKeyIndex(c []*yaml.Node) keyIndex {
	x := keyIndex{c: c}
	if len(c)/2 <= keyScanLimit {
		return x
	}
	x.firstAt, x.lastAt = map[string]int{}, map[string]int{}
	for i := 0; i+1 < len(c); i += 2 {
		if k := c[i]; k.Kind == yaml.ScalarNode && !isMergeKey(k) {
			if _, ok := x.firstAt[k.Value]; !ok {
				x.firstAt[k.Value] = i
			}
			x.lastAt[k.Value] = i
		}
	}
	return x
}

func (x keyIndex) same(i, j int) bool {
	k := x.c[j]
	return k.Kind == yaml.ScalarNode && !isMergeKey(k) && k.Value == x.c[i].Value
}

// repeated reports whether the key at i was given before.
func (x keyIndex) repeated(i int) bool {
	if x.firstAt != nil {
		return x.firstAt[x.c[i].Value] != i
	}
	for j := 0; j < i; j += 2 {
		if x.same(i, j) {
			return true
		}
	}
	return false
}

// last reports whether the key at i is not given again later.
func (x keyIndex) last(i int) bool {
	if x.lastAt != nil {
		return x.lastAt[x.c[i].Value] == i
	}
	for j := i + 2; j+1 < len(x.c); j += 2 {
		if x.same(i, j) {
			return false
		}
	}
	return true
}

// merge visits the fields that merge keys bring in and n does not set
// itself. Of several merged mappings the first that sets a key wins.
func (o *obj) merge(n *yaml.Node, path string, known []string, fn visit) {
	seen := map[string]bool{}
	c := n.Content
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Kind == yaml.ScalarNode && !isMergeKey(c[i]) {
			seen[c[i].Value] = true
		}
	}
	for i := 0; i+1 < len(c); i += 2 {
		if !isMergeKey(c[i]) {
			continue
		}
		v := resolve(c[i+1])
		var sources []*yaml.Node
		switch v.Kind {
		case yaml.MappingNode:
			sources = []*yaml.Node{v}
		case yaml.SequenceNode:
			sources = v.Content
		}
		if len(sources) == 0 {
			o.errorf(diag.WrongType, v, path, "<<: expected a mapping or a list of mappings to merge, got %s", describe(v))
			continue
		}
		for _, s := range sources {
			o.mergeOne(resolve(s), path, known, seen, fn)
		}
	}
}

func (o *obj) mergeOne(s *yaml.Node, path string, known []string, seen map[string]bool, fn visit) {
	if s.Kind != yaml.MappingNode {
		o.errorf(diag.WrongType, s, path, "<<: expected a mapping to merge, got %s", describe(s))
		return
	}
	var fields [][2]*yaml.Node
	o.mapping(s, path, nil, func(key string, k, v *yaml.Node) {
		fields = append(fields, [2]*yaml.Node{k, v})
	})
	for _, f := range fields {
		key := f[0].Value
		if seen[key] {
			continue
		}
		seen[key] = true
		if key, ok := o.field(f[0], path, known); ok {
			fn(key, f[0], f[1])
		}
	}
}

// field returns the field of known that key k names, and false for an
// unknown field, which it reports. Skipper decodes with encoding/json,
// which matches field names regardless of case, so "backendname" is read
// as backendName; the API server would prune it, hence the warning.
func (o *obj) field(k *yaml.Node, path string, known []string) (string, bool) {
	if known == nil || contains(known, k.Value) {
		return k.Value, true
	}
	for _, f := range known {
		if strings.EqualFold(f, k.Value) {
			o.warnf(diag.UnknownField, k, join(path, k.Value), "field %q is spelled %q in the CRD", k.Value, f).Hint =
				"Skipper reads it regardless of case, but the API server drops it as unknown; write " + quote(f)
			return f, true
		}
	}
	o.unknownField(k, path, known)
	return "", false
}

func (o *obj) unknownField(k *yaml.Node, path string, known []string) {
	d := o.warnf(diag.UnknownField, k, join(path, k.Value), "unknown field %q", k.Value)
	if s := suggest(k.Value, known); s != "" {
		d.Hint = "did you mean " + quote(s) + "? Kubernetes drops unknown fields"
	} else {
		d.Hint = "Kubernetes drops unknown fields; known fields here: " + strings.Join(known, ", ")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lookup returns the last value of key in mapping n, aliases resolved,
// without reporting anything; for reading kind and metadata before the
// object is decoded.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var v *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == key && !isMergeKey(k) {
			v = n.Content[i+1]
		}
	}
	return resolve(v)
}
