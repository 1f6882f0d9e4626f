package frontend

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// The decoders below check a value against the type the Kubernetes API
// and Skipper's encoding/json decoding expect. Null is "absent" wherever a
// single value is expected: Kubernetes prunes null fields and encoding/json
// leaves the zero value. Every helper takes a resolved node, the path of
// the enclosing object and the field name; the full path is built only
// when there is something to report.

// yaml11Bools are the plain scalars that yaml.v3 (YAML 1.2) reads as
// strings but kubectl's YAML 1.1 parser reads as booleans, so a RouteGroup
// applied with `name: on` fails the API's string check.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// str decodes a string field.
func (o *obj) str(n *yaml.Node, path, key string) ir.Str {
	s, ok := o.strValue(n, path, key)
	if !ok {
		return ir.Str{}
	}
	return s
}

func (o *obj) strValue(n *yaml.Node, path, key string) (ir.Str, bool) {
	if isNull(n) {
		return ir.Str{Src: o.l.span(n)}, true
	}
	if isString(n) {
		return ir.Str{V: n.Value, Src: o.l.span(n)}, true
	}
	if n.Kind != yaml.ScalarNode {
		o.errorf(diag.WrongType, n, join(path, key), "%s: expected a string, got %s", key, describe(n))
		return ir.Str{}, false
	}
	switch n.Tag {
	case "!!int", "!!float", "!!bool":
		o.errorf(diag.WrongType, n, join(path, key), "%s: expected a string, got %s", key, describe(n)).Hint =
			"quote it: " + quote(n.Value)
		return ir.Str{}, false
	}
	if n.Style == 0 && yaml11Bools[n.Value] {
		o.errorf(diag.WrongType, n, join(path, key), "%s: expected a string, got %q, a boolean to kubectl", key, n.Value).Hint =
			"kubectl reads YAML 1.1, where yes, no, on, off, y and n are booleans; quote it: " + quote(n.Value)
	}
	return ir.Str{}, false
}

// isString reports whether n is a string to both yaml.v3 and kubectl.
// Timestamps and binary are strings once kubectl converts YAML to JSON.
func isString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.Tag {
	case "!!int", "!!float", "!!bool", "!!null":
		return false
	}
	return n.Style != 0 || !yaml11Bools[n.Value]
}

// seq decodes a list field; null is an empty list.
func (o *obj) seq(n *yaml.Node, path, key string) ([]*yaml.Node, bool) {
	if isNull(n) {
		return nil, true
	}
	if n.Kind == yaml.SequenceNode {
		return n.Content, true
	}
	d := o.errorf(diag.WrongType, n, join(path, key), "%s: expected a list, got %s", key, describe(n))
	switch n.Kind {
	case yaml.ScalarNode:
		d.Hint = fmt.Sprintf("write a list: %s: [%s]", key, quote(n.Value))
	case yaml.MappingNode:
		d.Hint = `start each item of the list with "- "`
	}
	return nil, false
}

// strList decodes a list of strings. Items that are not strings are
// reported and left out; null items too, as the API rejects them.
func (o *obj) strList(n *yaml.Node, path, key string) []ir.Str {
	items, _ := o.seq(n, path, key)
	if len(items) == 0 {
		return nil
	}
	out := make([]ir.Str, 0, len(items))
	for i, it := range items {
		it = resolve(it)
		if isNull(it) {
			o.errorf(diag.WrongType, it, index(join(path, key), i), "%s[%d]: expected a string, got null", key, i).Hint =
				`remove the empty item, or quote it: ""`
			continue
		}
		if isString(it) {
			out = append(out, ir.Str{V: it.Value, Src: o.l.span(it)})
			continue
		}
		o.strValue(it, path, key+"["+strconv.Itoa(i)+"]") // reports
	}
	return out
}

// integer decodes an integer field. Beyond the YAML type it checks the
// text: yaml.v3 (and kubectl) accept 0x50, 017, 8_0 and 1e3 for integers,
// read differently by different YAML versions and never by JSON, and
// yaml.v3 truncates 1.5 when decoding into int. rgc accepts only what the
// API reads unambiguously: a decimal integer in the 32-bit range.
func (o *obj) integer(n *yaml.Node, path, key string) ir.Int {
	if isNull(n) {
		return ir.Int{}
	}
	if n.Kind != yaml.ScalarNode {
		o.errorf(diag.WrongType, n, join(path, key), "%s: expected an integer, got %s", key, describe(n))
		return ir.Int{}
	}
	switch n.Tag {
	case "!!int", "!!float":
		v, ok := o.checkInt(n, path, key)
		return ir.Int{V: v, Set: ok, Src: o.l.span(n)}
	}
	d := o.errorf(diag.WrongType, n, join(path, key), "%s: expected an integer, got %s", key, describe(n))
	if _, err := strconv.ParseInt(n.Value, 10, 32); err == nil {
		d.Hint = "remove the quotes: " + key + ": " + n.Value
	}
	return ir.Int{}
}

func (o *obj) checkInt(n *yaml.Node, path, key string) (int, bool) {
	text := n.Value
	digits := strings.TrimLeft(text, "+-")
	if n.Tag == "!!float" && !(len(digits) > 1 && digits[0] == '0' && isDigits(digits)) {
		d := o.errorf(diag.InvalidNumber, n, join(path, key), "%s: expected an integer, got %s", key, text)
		if f, err := strconv.ParseFloat(text, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<31 {
			d.Hint = fmt.Sprintf("integer fields take no decimal point or exponent; write %d", int64(f))
		} else {
			d.Hint = "integer fields take whole numbers only"
		}
		return 0, false
	}
	if !isDigits(digits) || len(digits) > 1 && digits[0] == '0' {
		d := o.errorf(diag.InvalidNumber, n, join(path, key), "%s: %s is not a decimal integer", key, text)
		d.Hint = "YAML versions read hexadecimal, octal, binary, underscored and zero-padded numbers differently; write the number in plain decimal"
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(text, "+"), 10, 64)
	if err != nil || v < math.MinInt32 || v > math.MaxInt32 {
		o.errorf(diag.InvalidNumber, n, join(path, key), "%s: %s is out of range for a 32-bit integer", key, text)
		return 0, false
	}
	return int(v), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// boolean decodes an optional boolean; nil when absent or null.
func (o *obj) boolean(n *yaml.Node, path, key string) *bool {
	if isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!bool" {
			v := strings.EqualFold(n.Value, "true")
			return &v
		}
		if n.Style == 0 && yaml11Bools[n.Value] {
			// kubectl's YAML 1.1 reads these as booleans, so the cluster
			// holds a boolean.
			var v bool
			switch strings.ToLower(n.Value) {
			case "y", "yes", "on":
				v = true
			}
			return &v
		}
	}
	o.errorf(diag.WrongType, n, join(path, key), "%s: expected a boolean, got %s", key, describe(n))
	return nil
}

// intOrString decodes Kubernetes' int-or-string (a Service's targetPort).
func (o *obj) intOrString(n *yaml.Node, path, key string) *ir.IntOrString {
	if isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		v, ok := o.checkInt(n, path, key)
		if !ok {
			return nil
		}
		return &ir.IntOrString{IsInt: true, Int: v}
	}
	s, ok := o.strValue(n, path, key)
	if !ok {
		return nil
	}
	return &ir.IntOrString{Str: s.V}
}

// stringMap decodes annotations and labels: string keys to string values.
// spans, when not nil, receives the span of each value.
func (o *obj) stringMap(n *yaml.Node, path, key string, spans map[string]src.Span) map[string]string {
	if isNull(n) {
		return nil
	}
	m := map[string]string{}
	p := join(path, key)
	ok := o.mapping(n, p, nil, func(k string, _, v *yaml.Node) {
		if s, ok := o.strValue(v, p, k); ok {
			m[k] = s.V
			if spans != nil {
				spans[k] = s.Src
			}
		}
	})
	if !ok {
		o.errorf(diag.WrongType, n, p, "%s: expected a mapping, got %s", key, describe(n))
	}
	return m
}
