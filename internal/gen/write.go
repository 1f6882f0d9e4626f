package gen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// YAML writes the state as one stream of documents separated by "---",
// each group followed by the Services and Endpoints it introduced.
func (s *State) YAML() []byte {
	var b []byte
	for i, o := range s.all {
		if i > 0 {
			b = append(b, "---\n"...)
		}
		b = appendMap(b, o, 0, false)
	}
	return b
}

// JSON writes the state as the List that kubectl get -o json prints:
// four spaces of indentation, keys in lexical order.
func (s *State) JSON() []byte {
	items := make([]any, len(s.all))
	for i, o := range s.all {
		items[i] = o
	}
	list := obj("apiVersion", "v1", "items", items, "kind", "List", "metadata", obj("resourceVersion", ""))
	b := appendJSON(nil, list, 0)
	return append(b, '\n')
}

// ObjectYAML writes one object as a YAML document.
func ObjectYAML(o *Object) []byte { return appendMap(nil, o, 0, false) }

// Doc is one object as a document of its own, named
// namespace/kind/name.yaml, for the incremental compiler.
type Doc struct {
	Name    string
	Content []byte
}

// Docs returns every object as a document of its own, as a watch on the
// API delivers them.
func (s *State) Docs() []Doc {
	out := make([]Doc, len(s.all))
	for i, o := range s.all {
		out[i] = Doc{Name: DocName(o), Content: ObjectYAML(o)}
	}
	return out
}

// DocName is the document name Docs gives o.
func DocName(o *Object) string { return o.Namespace() + "/" + o.Kind() + "/" + o.Name() + ".yaml" }

func indent(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// appendMap writes o in block style at indentation ind; inline means the
// first key follows a "- " already written.
func appendMap(b []byte, o *Object, ind int, inline bool) []byte {
	for i, k := range o.keys {
		if i > 0 || !inline {
			b = indent(b, ind)
		}
		b = appendScalar(b, Styled{S: k})
		b = append(b, ':')
		b = appendValue(b, o.vals[i], ind)
	}
	return b
}

// appendValue writes the value of a mapping key, from just after the
// colon to the end of its last line.
func appendValue(b []byte, v any, ind int) []byte {
	switch v := v.(type) {
	case *Object:
		if v.Len() == 0 {
			return append(b, " {}\n"...)
		}
		b = append(b, '\n')
		return appendMap(b, v, ind+2, false)
	case []any:
		if len(v) == 0 {
			return append(b, " []\n"...)
		}
		b = append(b, '\n')
		return appendSeq(b, v, ind)
	case Flow:
		b = append(b, " ["...)
		for i, s := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendScalar(b, Styled{S: s})
		}
		return append(b, "]\n"...)
	}
	b = append(b, ' ')
	b = appendScalarValue(b, v)
	return append(b, '\n')
}

// appendSeq writes a block sequence with its dashes at ind, as kubectl
// does under a mapping key.
func appendSeq(b []byte, items []any, ind int) []byte {
	for _, it := range items {
		b = indent(b, ind)
		b = append(b, "- "...)
		if o, ok := it.(*Object); ok && o.Len() > 0 {
			b = appendMap(b, o, ind+2, true)
			continue
		}
		b = appendScalarValue(b, it)
		b = append(b, '\n')
	}
	return b
}

func appendScalarValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendScalar(b, Styled{S: v})
	case Styled:
		return appendScalar(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case bool:
		return strconv.AppendBool(b, v)
	case *Object:
		return append(b, "{}"...)
	case []any:
		return append(b, "[]"...)
	}
	panic(fmt.Sprintf("gen: cannot write a %T", v))
}

// appendScalar writes a string plain when YAML reads it back as the same
// string, single-quoted when it has no quote, and double-quoted otherwise.
func appendScalar(b []byte, s Styled) []byte {
	style := s.Style
	if style == 0 && !plainOK(s.S) {
		style = '\''
	}
	if style == '\'' && (strings.ContainsRune(s.S, '\'') || !printable(s.S)) {
		style = '"'
	}
	switch style {
	case '\'':
		b = append(b, '\'')
		b = append(b, s.S...)
		return append(b, '\'')
	case '"':
		return appendJSONString(b, s.S)
	}
	return append(b, s.S...)
}

// plainOK reports whether s can be written as a plain scalar that reads
// back as the string s; it errs on the side of quoting.
func plainOK(s string) bool {
	if s == "" || !printable(s) || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`+.0123456789", rune(s[0])) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return !strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.ContainsAny(s, "\t\n\r")
}

func printable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// appendJSON writes v as kubectl does: objects with sorted keys, one
// field or item per line, four spaces per level.
func appendJSON(b []byte, v any, ind int) []byte {
	switch v := v.(type) {
	case *Object:
		if v.Len() == 0 {
			return append(b, "{}"...)
		}
		order := make([]int, v.Len())
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(i, j int) bool { return v.keys[order[i]] < v.keys[order[j]] })
		b = append(b, "{\n"...)
		for n, i := range order {
			b = indent(b, ind+4)
			b = appendJSONString(b, v.keys[i])
			b = append(b, ": "...)
			b = appendJSON(b, v.vals[i], ind+4)
			if n < len(order)-1 {
				b = append(b, ',')
			}
			b = append(b, '\n')
		}
		b = indent(b, ind)
		return append(b, '}')
	case []any:
		return appendJSONList(b, v, ind)
	case Flow:
		items := make([]any, len(v))
		for i, s := range v {
			items[i] = s
		}
		return appendJSONList(b, items, ind)
	case string:
		return appendJSONString(b, v)
	case Styled:
		return appendJSONString(b, v.S)
	}
	return appendScalarValue(b, v)
}

func appendJSONList(b []byte, items []any, ind int) []byte {
	if len(items) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, "[\n"...)
	for i, it := range items {
		b = indent(b, ind+4)
		b = appendJSON(b, it, ind+4)
		if i < len(items)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = indent(b, ind)
	return append(b, ']')
}

// appendJSONString writes s as a JSON string, which is also a YAML
// double-quoted scalar.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < ' ':
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
