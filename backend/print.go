package backend

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"unsafe"

	"github.com/zalando/skipper/eskip"
)

// Print renders routes exactly as eskip.Print does, byte for byte, in the
// one-line and the pretty form, several times faster: it appends to one
// buffer instead of building, escaping and joining a string per part.
// print_test.go proves the identity against eskip.Print.
func Print(pretty eskip.PrettyPrintInfo, routes ...*eskip.Route) string {
	b := Append(nil, pretty, routes...)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not kept: no copy
}

// Fprint writes what Print returns.
func Fprint(w io.Writer, pretty eskip.PrettyPrintInfo, routes ...*eskip.Route) error {
	_, err := w.Write(Append(nil, pretty, routes...))
	return err
}

// Append appends what Print returns to b. As in eskip.Print, a single
// route without id is printed as an expression, anything else as
// definitions "id: expression;" separated by a newline (a blank line when
// pretty).
func Append(b []byte, pretty eskip.PrettyPrintInfo, routes ...*eskip.Route) []byte {
	if len(routes) == 1 && routes[0].Id == "" {
		return appendExpression(b, routes[0], pretty)
	}
	start := len(b)
	for i, r := range routes {
		if i == sample && len(routes) > 2*sample {
			// Grow once to the size the first routes predict, rather
			// than doubling (and copying) all the way.
			b = slices.Grow(b, (len(b)-start)/sample*(len(routes)-sample)*9/8)
		}
		if i > 0 {
			b = append(b, '\n')
			if pretty.Pretty {
				b = append(b, '\n')
			}
		}
		b = append(b, r.Id...)
		b = append(b, ": "...)
		b = appendExpression(b, r, pretty)
		b = append(b, ';')
	}
	return b
}

// sample is the number of routes whose printed size predicts the rest.
const sample = 64

// appendExpression is eskip's Route.Print: predicates, filters and the
// backend joined by "->", on separate lines when pretty.
func appendExpression(b []byte, r *eskip.Route, pretty eskip.PrettyPrintInfo) []byte {
	b = appendPredicates(b, r)
	for _, f := range r.Filters {
		b = appendArrow(b, pretty)
		b = appendCall(b, f.Name, f.Args)
	}
	b = appendArrow(b, pretty)
	return appendBackend(b, r)
}

func appendArrow(b []byte, pretty eskip.PrettyPrintInfo) []byte {
	if pretty.Pretty {
		b = append(b, '\n')
		b = append(b, pretty.IndentStr...)
		return append(b, "-> "...)
	}
	return append(b, " -> "...)
}

// appendPredicates writes the legacy fields first, in eskip's order (the
// headers sorted by their printed form), then the predicates except Any;
// "*" when there is none.
func appendPredicates(b []byte, r *eskip.Route) []byte {
	start, n := len(b), 0
	sep := func() {
		if n > 0 {
			b = append(b, " && "...)
		}
		n++
	}
	if r.Path != "" {
		sep()
		b = appendQuoted(append(b, "Path("...), r.Path, '"')
		b = append(b, ')')
	}
	for _, h := range r.HostRegexps {
		sep()
		b = appendQuoted(append(b, "Host("...), h, '/')
		b = append(b, ')')
	}
	for _, p := range r.PathRegexps {
		sep()
		b = appendQuoted(append(b, "PathRegexp("...), p, '/')
		b = append(b, ')')
	}
	if r.Method != "" {
		sep()
		b = appendQuoted(append(b, "Method("...), r.Method, '"')
		b = append(b, ')')
	}
	for _, s := range legacyHeaders(r) {
		sep()
		b = append(b, s...)
	}
	for _, p := range r.Predicates {
		if p.Name != "Any" {
			sep()
			b = appendCall(b, p.Name, p.Args)
		}
	}
	if len(b) == start {
		b = append(b, '*')
	}
	return b
}

// legacyHeaders renders the Headers and HeaderRegexps maps, each sorted
// by its printed form as eskip sorts it. Routes built from predicates
// have none.
func legacyHeaders(r *eskip.Route) []string {
	if len(r.Headers) == 0 && len(r.HeaderRegexps) == 0 {
		return nil
	}
	var hs, rxs []string
	for k, v := range r.Headers {
		b := appendQuoted([]byte("Header("), k, '"')
		b = appendQuoted(append(b, ", "...), v, '"')
		hs = append(hs, string(append(b, ')')))
	}
	for k, vs := range r.HeaderRegexps {
		for _, v := range vs {
			b := appendQuoted([]byte("HeaderRegexp("), k, '"')
			b = appendQuoted(append(b, ", "...), v, '/')
			rxs = append(rxs, string(append(b, ')')))
		}
	}
	sort.Strings(hs)
	sort.Strings(rxs)
	return append(hs, rxs...)
}

func appendCall(b []byte, name string, args []any) []byte {
	b = append(b, name...)
	b = append(b, '(')
	for i, a := range args {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendArg(b, a)
	}
	return append(b, ')')
}

// appendArg formats an argument as eskip's argsString does: integers in
// decimal, whole floats without decimals, other floats as %g, anything
// else quoted.
func appendArg(b []byte, a any) []byte {
	switch v := a.(type) {
	case string:
		return appendQuoted(b, v, '"')
	case float64:
		if math.Floor(v) == v { // eskip's "%.0f"; infinities included
			return strconv.AppendFloat(b, v, 'f', 0, 64)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64) // "%g"
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case interface{ MarshalText() ([]byte, error) }:
		t, err := v.MarshalText()
		if err != nil {
			return append(b, `"[error]"`...)
		}
		return appendQuoted(b, string(t), '"')
	}
	return appendQuoted(b, fmt.Sprintf("%v", a), '"')
}

// appendQuoted writes s between two q, escaped as eskip's escape does:
// backslash, the control characters \a \b \f \n \r \t \v, and q itself.
// Runs of bytes that need no escape are copied whole: the common case is
// a string without any.
func appendQuoted(b []byte, s string, q byte) []byte {
	b = append(b, q)
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		e := escapes[c]
		if e == 0 && c != q {
			continue
		}
		if c == q {
			e = q
		}
		b = append(b, s[start:i]...)
		b = append(b, '\\', e)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, q)
}

// escapes maps a byte to the letter of its escape, or 0.
var escapes = [256]byte{'\\': '\\', '\a': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v'}

// appendBackend follows eskip's backendStringQuoted: an lb route prints
// its endpoints even when Shunt is set; a network route is quoted unless
// Shunt is set.
func appendBackend(b []byte, r *eskip.Route) []byte {
	switch {
	case r.BackendType == eskip.LBBackend:
		return appendLB(b, r)
	case r.Shunt, r.BackendType == eskip.ShuntBackend:
		return append(b, "<shunt>"...)
	case r.BackendType == eskip.LoopBackend:
		return append(b, "<loopback>"...)
	case r.BackendType == eskip.DynamicBackend:
		return append(b, "<dynamic>"...)
	case r.BackendType == eskip.NetworkBackend:
		b = append(b, '"')
		b = append(b, r.Backend...)
		return append(b, '"')
	}
	return append(b, r.Backend...)
}

func appendLB(b []byte, r *eskip.Route) []byte {
	b = append(b, '<')
	if r.LBAlgorithm != "" {
		b = append(b, r.LBAlgorithm...)
		b = append(b, ", "...)
	}
	for i, ep := range r.LBEndpoints {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '"')
		b = append(b, ep.Address...)
		if ep.Zone != "" {
			b = append(b, "?zone="...)
			b = append(b, url.QueryEscape(ep.Zone)...)
		}
		b = append(b, '"')
	}
	return append(b, '>')
}
