package fuzz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/rgc-dev/rgc"
)

// file is one rendered input file, with the byte range of every object.
type file struct {
	Name    string
	Content []byte
	Objs    []objRange
}

// objRange is where an object's text is: [Start, End) in its file. An
// object of a List is its item; a document of its own spans from its
// "---" to the next one.
type objRange struct {
	Obj        int // index in state.objects()
	Kind, ID   string
	Start, End int
}

func inputs(fs []file) []rgc.Input {
	out := make([]rgc.Input, len(fs))
	for i, f := range fs {
		out[i] = rgc.Input{Name: f.Name, Content: f.Content}
	}
	return out
}

func readers(fs []file) []io.Reader {
	out := make([]io.Reader, len(fs))
	for i, f := range fs {
		out[i] = bytes.NewReader(f.Content)
	}
	return out
}

// dump renders the files for a failure message.
func dump(fs []file) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Name, f.Content)
		if len(f.Content) > 0 && f.Content[len(f.Content)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// render turns the state into YAML files, following its layout.
func render(s *state) []file {
	objs := s.objects()
	nfiles := max(s.Layout.Files, 1)
	byFile := make([][]int, nfiles)
	for _, i := range s.order(len(objs)) {
		f := 0
		if i < len(s.Layout.File) {
			f = s.Layout.File[i] % nfiles
		}
		byFile[f] = append(byFile[f], i)
	}
	var out []file
	for fi, idx := range byFile {
		if len(idx) == 0 {
			continue
		}
		f := file{Name: fmt.Sprintf("in%d.yaml", fi)}
		var b bytes.Buffer
		asList := fi < len(s.Layout.List) && s.Layout.List[fi]
		if asList {
			b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
		}
		for n, i := range idx {
			o := objs[i]
			start := b.Len()
			if !asList && n > 0 {
				b.WriteString("---\n")
			}
			nd := objectNode(o, s.style(i))
			if asList {
				start = b.Len()
				writeSeqItem(&b, nd, 0, o.extra())
			} else {
				writeMapping(&b, nd, 0, o.extra())
			}
			f.Objs = append(f.Objs, objRange{Obj: i, Kind: o.kind, ID: o.meta.id(), Start: start, End: b.Len()})
		}
		f.Content = b.Bytes()
		out = append(out, f)
	}
	return out
}

// order returns the object indices in output order: the layout's
// permutation, then any object it does not mention.
func (s *state) order(n int) []int {
	seen := make([]bool, n)
	var out []int
	for _, i := range s.Layout.Order {
		if i < n && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for i := 0; i < n; i++ {
		if !seen[i] {
			out = append(out, i)
		}
	}
	return out
}

func (s *state) style(i int) int {
	if i < len(s.Layout.Style) {
		return s.Layout.Style[i]
	}
	return 0
}

func (o object) extra() string {
	if o.g != nil {
		return o.g.extra
	}
	return ""
}

// node is a YAML value: a scalar (already quoted), a mapping or a
// sequence.
type node struct {
	scalar *string
	keys   []string
	vals   []*node
	items  []*node
	isSeq  bool
}

func sc(text string) *node { return &node{scalar: &text} }

func mapping() *node { return &node{} }

func seq(items ...*node) *node { return &node{isSeq: true, items: items} }

func (n *node) set(k string, v *node) *node {
	for i, key := range n.keys {
		if key == k {
			n.vals[i] = v
			return n
		}
	}
	n.keys = append(n.keys, k)
	n.vals = append(n.vals, v)
	return n
}

func (n *node) get(k string) *node {
	for i, key := range n.keys {
		if key == k {
			return n.vals[i]
		}
	}
	return nil
}

// setPath replaces the value at a path such as spec.routes[0].path,
// creating missing keys of mappings.
func (n *node) setPath(path string, v *node) {
	parts := strings.Split(path, ".")
	cur := n
	for pi, p := range parts {
		key, idx := p, -1
		if i := strings.IndexByte(p, '['); i >= 0 {
			key = p[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(p[i+1:], "]"))
		}
		last := pi == len(parts)-1
		if idx < 0 {
			if last {
				cur.set(key, v)
				return
			}
			next := cur.get(key)
			if next == nil || next.scalar != nil || next.isSeq {
				next = mapping()
				cur.set(key, next)
			}
			cur = next
			continue
		}
		s := cur.get(key)
		if s == nil || !s.isSeq || idx >= len(s.items) {
			return // nothing to replace
		}
		if last {
			s.items[idx] = v
			return
		}
		cur = s.items[idx]
		if cur.scalar != nil || cur.isSeq {
			return
		}
	}
}

const (
	styleDouble = iota
	styleSingle
	stylePlain
	nStyles
)

// quote renders a string scalar in a style; plain falls back to double
// quotes where a plain scalar would change the meaning.
func quote(s string, style int) string {
	switch style % nStyles {
	case styleSingle:
		if !strings.ContainsAny(s, "\n\r\t") && isPrintable(s) {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	case stylePlain:
		if plainSafe(s) {
			return s
		}
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff || r >= 0x80 {
			return false
		}
	}
	return true
}

// plainSafe reports whether s reads back as the same string when written
// as a plain scalar by both YAML 1.1 (yaml.v2, Skipper's fake API) and
// YAML 1.2 (yaml.v3, rgc).
func plainSafe(s string) bool {
	if s == "" || !isPrintable(s) || strings.TrimSpace(s) != s {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~=.+0123456789") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}

func writeIndent(b *bytes.Buffer, n int) {
	for i := 0; i < n; i++ {
		b.WriteByte(' ')
	}
}

// writeMapping writes a mapping's entries at indent; extra, if any, goes
// right after the first entry.
func writeMapping(b *bytes.Buffer, n *node, indent int, extra string) {
	for i, k := range n.keys {
		if i > 0 {
			writeIndent(b, indent)
		}
		writeEntry(b, k, n.vals[i], indent)
		if i == 0 && extra != "" {
			for _, l := range strings.SplitAfter(extra, "\n") {
				if l != "" {
					writeIndent(b, indent)
					b.WriteString(l)
				}
			}
		}
	}
	if len(n.keys) == 0 {
		b.WriteString("{}\n")
	}
}

// writeEntry writes "key: value" starting at the current column.
func writeEntry(b *bytes.Buffer, k string, v *node, indent int) {
	b.WriteString(k)
	b.WriteByte(':')
	switch {
	case v.scalar != nil:
		b.WriteByte(' ')
		b.WriteString(*v.scalar)
		b.WriteByte('\n')
	case v.isSeq && len(v.items) == 0:
		b.WriteString(" []\n")
	case v.isSeq:
		b.WriteByte('\n')
		for _, it := range v.items {
			writeIndent(b, indent)
			writeSeqItem(b, it, indent, "")
		}
	case len(v.keys) == 0:
		b.WriteString(" {}\n")
	default:
		b.WriteByte('\n')
		writeIndent(b, indent+2)
		writeMapping(b, v, indent+2, "")
	}
}

// writeSeqItem writes "- item" starting at the current column (indent).
func writeSeqItem(b *bytes.Buffer, it *node, indent int, extra string) {
	b.WriteString("- ")
	switch {
	case it.scalar != nil:
		b.WriteString(*it.scalar)
		b.WriteByte('\n')
	case it.isSeq:
		b.WriteString("[]\n") // nested sequences are not generated
	default:
		writeMapping(b, it, indent+2, extra)
	}
}

func num(i int) *node { return sc(strconv.Itoa(i)) }

func objectNode(o object, style int) *node {
	q := func(s string) *node { return sc(quote(s, style)) }
	n := mapping()
	switch o.kind {
	case "RouteGroup":
		n.set("apiVersion", sc("zalando.org/v1"))
	case "EndpointSlice":
		n.set("apiVersion", sc("discovery.k8s.io/v1"))
	default:
		n.set("apiVersion", sc("v1"))
	}
	n.set("kind", sc(o.kind))
	m := mapping().set("name", q(o.meta.Name))
	if o.meta.Namespace != "" {
		m.set("namespace", q(o.meta.Namespace))
	}
	if len(o.meta.Annotations) > 0 {
		a := mapping()
		for _, kv := range o.meta.Annotations {
			a.set(quote(kv.K, styleDouble), q(kv.V))
		}
		m.set("annotations", a)
	}
	if o.sl != nil {
		m.set("labels", mapping().set("kubernetes.io/service-name", q(o.sl.Service)))
	}
	n.set("metadata", m)
	switch {
	case o.g != nil:
		n.set("spec", groupSpec(o.g, q))
		keys := make([]string, 0, len(o.g.raw))
		for k := range o.g.raw {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.setPath(k, sc(o.g.raw[k]))
		}
	case o.svc != nil:
		n.set("spec", serviceSpec(o.svc, q))
	case o.ep != nil:
		n.set("subsets", subsetsNode(o.ep, q))
	case o.sl != nil:
		sliceNode(n, o.sl, q)
	}
	return n
}

func strSeq(xs []string, q func(string) *node) *node {
	s := seq()
	for _, x := range xs {
		s.items = append(s.items, q(x))
	}
	return s
}

func refsNode(rs []backendRef, q func(string) *node) *node {
	s := seq()
	for _, r := range rs {
		m := mapping().set("backendName", q(r.Name))
		if r.HasWeight {
			m.set("weight", num(r.Weight))
		}
		s.items = append(s.items, m)
	}
	return s
}

func groupSpec(g *group, q func(string) *node) *node {
	spec := mapping()
	if len(g.Hosts) > 0 {
		spec.set("hosts", strSeq(g.Hosts, q))
	}
	bs := seq()
	for _, b := range g.Backends {
		m := mapping().set("name", q(b.Name))
		if b.Type != "" {
			m.set("type", q(b.Type))
		}
		if b.Address != "" {
			m.set("address", q(b.Address))
		}
		if b.ServiceName != "" {
			m.set("serviceName", q(b.ServiceName))
		}
		if b.ServicePort != 0 {
			m.set("servicePort", num(b.ServicePort))
		}
		if b.Algorithm != "" {
			m.set("algorithm", q(b.Algorithm))
		}
		if len(b.Endpoints) > 0 {
			m.set("endpoints", strSeq(b.Endpoints, q))
		}
		bs.items = append(bs.items, m)
	}
	spec.set("backends", bs)
	if len(g.Defaults) > 0 {
		spec.set("defaultBackends", refsNode(g.Defaults, q))
	}
	if len(g.Routes) > 0 {
		rs := seq()
		for _, r := range g.Routes {
			m := mapping()
			for _, f := range []struct{ k, v string }{{"path", r.Path}, {"pathSubtree", r.PathSubtree}, {"pathRegexp", r.PathRegexp}} {
				if f.v != "" {
					m.set(f.k, q(f.v))
				}
			}
			if len(r.Methods) > 0 {
				m.set("methods", strSeq(r.Methods, q))
			}
			if len(r.Predicates) > 0 {
				m.set("predicates", strSeq(r.Predicates, q))
			}
			if len(r.Filters) > 0 {
				m.set("filters", strSeq(r.Filters, q))
			}
			if len(r.Backends) > 0 {
				m.set("backends", refsNode(r.Backends, q))
			}
			if len(m.keys) == 0 {
				m.set("pathSubtree", q("/")) // a route needs some field to be a mapping
			}
			rs.items = append(rs.items, m)
		}
		spec.set("routes", rs)
	}
	return spec
}

func serviceSpec(s *service, q func(string) *node) *node {
	spec := mapping()
	if s.Type != "" {
		spec.set("type", q(s.Type))
	}
	ps := seq()
	for _, p := range s.Ports {
		m := mapping()
		if p.Name != "" {
			m.set("name", q(p.Name))
		}
		m.set("port", num(p.Port))
		if p.Target != nil {
			if p.Target.IsInt {
				m.set("targetPort", num(p.Target.Int))
			} else {
				m.set("targetPort", q(p.Target.Str))
			}
		}
		if p.Protocol != "" {
			m.set("protocol", q(p.Protocol))
		}
		ps.items = append(ps.items, m)
	}
	spec.set("ports", ps)
	return spec
}

func portsNode(ps []epPort, q func(string) *node) *node {
	s := seq()
	for _, p := range ps {
		m := mapping()
		if p.Name != "" {
			m.set("name", q(p.Name))
		}
		m.set("port", num(p.Port))
		if p.Protocol != "" {
			m.set("protocol", q(p.Protocol))
		}
		s.items = append(s.items, m)
	}
	return s
}

func subsetsNode(e *endpoints, q func(string) *node) *node {
	s := seq()
	for _, ss := range e.Subsets {
		m := mapping()
		as := seq()
		for _, a := range ss.Addresses {
			as.items = append(as.items, mapping().set("ip", q(a)))
		}
		m.set("addresses", as)
		m.set("ports", portsNode(ss.Ports, q))
		s.items = append(s.items, m)
	}
	return s
}

func boolNode(b bool) *node {
	if b {
		return sc("true")
	}
	return sc("false")
}

func sliceNode(n *node, s *slice, q func(string) *node) {
	n.set("addressType", sc("IPv4"))
	eps := seq()
	for _, e := range s.Endpoints {
		m := mapping().set("addresses", strSeq(e.Addresses, q))
		if e.Zone != "" {
			m.set("zone", q(e.Zone))
		}
		if e.Ready != nil || e.Terminating != nil {
			c := mapping()
			if e.Ready != nil {
				c.set("ready", boolNode(*e.Ready))
			}
			if e.Terminating != nil {
				c.set("terminating", boolNode(*e.Terminating))
			}
			m.set("conditions", c)
		}
		eps.items = append(eps.items, m)
	}
	n.set("endpoints", eps)
	if s.NullPorts {
		n.set("ports", sc("null"))
	} else {
		n.set("ports", portsNode(s.Ports, q))
	}
}
