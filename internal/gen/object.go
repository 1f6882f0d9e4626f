package gen

// Object is a Kubernetes object (or a mapping inside one) with its fields
// in the order they are written. Values are string, Styled, int, bool,
// []any, *Object, or Flow (a list of strings written [a, b] in YAML).
type Object struct {
	keys []string
	vals []any
}

// Styled is a string with the quoting the YAML writer uses for it: 0 for
// plain where YAML allows it, a single or a double quote. JSON ignores
// the style.
type Styled struct {
	S     string
	Style byte
}

// Flow is a list of strings that the YAML writer puts on one line, as
// people write methods: [GET, POST].
type Flow []string

// obj builds an object from key, value pairs.
func obj(kv ...any) *Object {
	o := &Object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// Set appends a field, or replaces the value of an existing one.
func (o *Object) Set(key string, v any) *Object {
	for i, k := range o.keys {
		if k == key {
			o.vals[i] = v
			return o
		}
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	return o
}

// Get returns the value of key, or nil.
func (o *Object) Get(key string) any {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i]
		}
	}
	return nil
}

// Len is the number of fields.
func (o *Object) Len() int { return len(o.keys) }

// clone copies o deeply, so that a changed copy leaves the state alone.
func (o *Object) clone() *Object {
	c := &Object{keys: append([]string(nil), o.keys...), vals: make([]any, len(o.vals))}
	for i, v := range o.vals {
		c.vals[i] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case *Object:
		return v.clone()
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = cloneValue(x)
		}
		return out
	case Flow:
		return append(Flow(nil), v...)
	}
	return v
}

// Kind returns the object's kind.
func (o *Object) Kind() string { s, _ := o.Get("kind").(string); return s }

// Namespace and Name return the object's metadata.namespace and
// metadata.name.
func (o *Object) Namespace() string { return o.meta("namespace") }

// Name returns the object's metadata.name.
func (o *Object) Name() string { return o.meta("name") }

func (o *Object) meta(key string) string {
	m, _ := o.Get("metadata").(*Object)
	if m == nil {
		return ""
	}
	s, _ := m.Get(key).(string)
	return s
}
