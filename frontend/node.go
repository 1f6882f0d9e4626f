package frontend

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
)

// obj is the state of decoding one object (a document or a List item):
// where its diagnostics go and whether any of them was an error.
type obj struct {
	l      *loader
	node   *yaml.Node // the object, for its id
	errors int        // errors reported for this object so far

	group   string // "namespace/name" for diagnostics, "" without a name
	grouped bool   // group is known
}

// id returns "namespace/name" of the object for its diagnostics, read from
// its metadata when first needed (most objects need it never).
func (o *obj) id() string {
	if !o.grouped {
		o.group, o.grouped = peekID(o.node), true
	}
	return o.group
}

// report adds a diagnostic at node n; path is the path into the object.
func (o *obj) report(sev diag.Severity, code diag.Code, n *yaml.Node, path, format string, args ...any) *diag.Diagnostic {
	if sev == diag.Error {
		o.errors++
	}
	d := o.l.diags.Addf(sev, code, o.l.span(n), o.id(), format, args...)
	d.Path = path
	return d
}

func (o *obj) errorf(code diag.Code, n *yaml.Node, path, format string, args ...any) *diag.Diagnostic {
	return o.report(diag.Error, code, n, path, format, args...)
}

func (o *obj) warnf(code diag.Code, n *yaml.Node, path, format string, args ...any) *diag.Diagnostic {
	return o.report(diag.Warning, code, n, path, format, args...)
}

// join appends a field name to a path. Paths of fields are built only when
// a diagnostic needs them, so decoding a valid object allocates none.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// pathKey is a path and an index or a field name, for the loader's cache
// of the paths that the IR keeps: route groups repeat the same ones, so
// they are built and stored once per load.
type pathKey struct {
	path, key string
	i         int
}

func (l *loader) index(path string, i int) string {
	k := pathKey{path: path, i: i}
	if s, ok := l.paths[k]; ok {
		return s
	}
	s := index(path, i)
	l.cachePath(k, s)
	return s
}

func (l *loader) join(path, key string) string {
	if path == "" {
		return key
	}
	k := pathKey{path: path, key: key, i: -1}
	if s, ok := l.paths[k]; ok {
		return s
	}
	s := join(path, key)
	l.cachePath(k, s)
	return s
}

func (l *loader) cachePath(k pathKey, s string) {
	if l.paths == nil {
		l.paths = map[pathKey]string{}
	}
	l.paths[k] = s
}

// resolve follows an alias to the node it names. The alias check has
// already rejected cycles, so one step suffices: an anchor is never put on
// an alias.
func resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// describe names the YAML type of n with its value, for "expected X, got Y"
// messages: `string "80"`, `integer 80`, `mapping`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.DocumentNode:
		return "document"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!str", "!!timestamp", "!!binary":
		return fmt.Sprintf("string %q", n.Value)
	case "!!int":
		return "integer " + n.Value
	case "!!float":
		return "number " + n.Value
	case "!!bool":
		return "boolean " + n.Value
	}
	return fmt.Sprintf("%s %q", n.Tag, n.Value)
}

// span returns the span of n in the current file. Scalars get an end where
// it is cheap to find (one-line plain scalars and quoted scalars); other
// nodes only a start.
func (l *loader) span(n *yaml.Node) src.Span {
	if n == nil || n.Line == 0 {
		return src.Span{File: l.file}
	}
	start := l.file.Pos(l.lineBase+n.Line, n.Column)
	s := src.Span{File: l.file, Start: start}
	if n.Kind == yaml.ScalarNode {
		off := l.scalarStart(n, start.Offset)
		if off != start.Offset {
			s.Start = l.file.PosAt(off)
		}
		if end := scalarEnd(l.file.Content, off, n); end >= 0 {
			s.End = l.posAfter(s.Start, end)
		}
	}
	return s
}

// posAfter is l.file.PosAt(end) for an end after start: counted on from
// start when no line break lies between (the bytes between are the
// scalar's, which scalarEnd has just read anyway).
func (l *loader) posAfter(start src.Pos, end int) src.Pos {
	b := l.file.Content
	if !start.IsValid() || start.Offset > end || end > len(b) || !asciiLine(b[start.Offset:end]) {
		return l.file.PosAt(end)
	}
	return src.Pos{Line: start.Line, Col: start.Col + utf8.RuneCount(b[start.Offset:end]), Offset: end}
}

// asciiLine reports whether b is ASCII without a line break (the other
// breaks yaml.v3 knows, NEL, LS and PS, are not ASCII).
func asciiLine(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf || c == '\n' || c == '\r' {
			return false
		}
	}
	return true
}

// scalarPos returns the position of the first character of a scalar's
// text (its quote or block indicator), past any anchor or tag: yaml.v3
// reports the position of the properties when there are some.
func (l *loader) scalarPos(n *yaml.Node) src.Pos {
	start := l.file.Pos(l.lineBase+n.Line, n.Column)
	off := l.scalarStart(n, start.Offset)
	if off == start.Offset {
		return start
	}
	return l.file.PosAt(off)
}

func (l *loader) scalarStart(n *yaml.Node, off int) int {
	b := l.file.Content
	for off < len(b) && (b[off] == '&' || b[off] == '!') {
		if b[off] == '!' && off+1 < len(b) && b[off+1] == '<' {
			for off < len(b) && b[off] != '>' {
				off++
			}
		}
		for off < len(b) && !isSpace(b[off]) {
			off++
		}
		for off < len(b) && isSpace(b[off]) {
			off++
		}
	}
	return off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scalarEnd returns the byte offset just past the scalar that starts at
// off, or -1 when it is not cheap to tell.
func scalarEnd(b []byte, off int, n *yaml.Node) int {
	if off >= len(b) {
		return -1
	}
	switch b[off] {
	case '"':
		for i := off + 1; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return -1
	case '\'':
		for i := off + 1; i < len(b); i++ {
			if b[i] == '\'' {
				if i+1 < len(b) && b[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return -1
	case '|', '>':
		return -1
	}
	// A plain scalar on one line is its own text.
	end := off + len(n.Value)
	if end > len(b) || string(b[off:end]) != n.Value {
		return -1
	}
	return end
}
