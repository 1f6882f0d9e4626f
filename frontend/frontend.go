package frontend

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/frontend/internal/fastyaml"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// Load decodes files into a program. It never stops at bad input: every
// problem is a diagnostic, broken nodes are marked Bad, and a YAML syntax
// error loses only the documents of its file that could not be parsed.
func Load(files []*src.File) (prog *ir.Program, diags diag.List) {
	l := &loader{prog: ir.NewProgram(), seen: map[objectKey]*ir.Meta{}}
	l.prog.Files = files
	defer func() {
		// A last resort: a bug must not take the other groups down.
		if r := recover(); r != nil {
			l.internalError(r, nil, "")
		}
		prog, diags = l.prog, l.diags
	}()
	for _, f := range files {
		l.loadFile(f)
	}
	return l.prog, l.diags
}

// loader holds the state of one Load.
type loader struct {
	prog  *ir.Program
	diags diag.List
	doc   int // objects read so far, for ir.Meta.Doc

	// The chunk being decoded: a file, or the rest of it after a syntax
	// error. Node lines are relative to the chunk.
	file     *src.File
	lineBase int

	seen map[objectKey]*ir.Meta // for DuplicateObject

	exprs map[exprKey]*expr.Parsed // predicates and filters parsed so far
	paths map[pathKey]string       // see pathKey
}

// objectKey identifies an object as Kubernetes does.
type objectKey struct {
	kind string
	key  ir.Key
}

func (l *loader) loadFile(f *src.File) {
	l.file, l.lineBase = f, 0
	// The common case: yaml.v3's nodes, built faster, for as many
	// documents as are in fastyaml's subset (which has no aliases to
	// check); yaml.v3 decodes the rest.
	r := fastyaml.NewReader(f.Content)
	if kind, ok := r.List(); ok && kind != "" && isListKind(kind) {
		// What object and list do with a List document, item by item.
		for it := r.NextItem(); it != nil; it = r.NextItem() {
			if !isNull(it) {
				l.object(it, 1)
			}
		}
		return
	}
	for d := r.Next(); d != nil; d = r.Next() {
		l.document(d, nil)
	}
	off := r.Rest()
	for off >= 0 && off < len(f.Content) {
		off = l.loadChunk(off)
	}
}

// loadChunk decodes the documents of the current file from byte offset
// off. After a syntax error it returns where decoding can resume, or -1.
func (l *loader) loadChunk(off int) int {
	l.lineBase = l.file.PosAt(off).Line - 1
	dec := yaml.NewDecoder(bytes.NewReader(l.file.Content[off:]))
	var aliases aliasCheck
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return -1
		}
		if err != nil {
			at := max(l.syntaxError(dec, err, off), off)
			if next := resumeAfter(l.file.Content, off, at); next > off {
				return next
			}
			return -1 // never loop on the same chunk
		}
		l.document(&doc, &aliases)
	}
}

// resumeAfter returns where to resume after a syntax error at offset at of
// a chunk that starts at off: the start of the next document, which may be
// the line of the error itself (an unclosed bracket is noticed at the next
// "---"), but never the chunk's own start.
func resumeAfter(b []byte, off, at int) int {
	lineStart := bytes.LastIndexByte(b[:at], '\n') + 1
	if lineStart > off && bytes.HasPrefix(b[lineStart:], []byte("---")) {
		if rest := b[lineStart+3:]; len(rest) == 0 || isSpace(rest[0]) {
			return lineStart
		}
	}
	return nextDocument(b, at)
}

// document decodes one YAML document: checks its aliases (unless aliases
// is nil), skips it when it is empty, and dispatches its object.
func (l *loader) document(doc *yaml.Node, aliases *aliasCheck) {
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if isNull(n) {
		return // an empty document, e.g. a trailing "---"
	}
	if aliases == nil {
		l.object(n, 0)
		return
	}
	switch aliases.check(n) {
	case aliasCycle:
		a := aliases.cycle
		l.diags.Addf(diag.Error, diag.AliasLimit, l.span(a), "", "alias *%s refers to a node that contains it", a.Value).Hint =
			"an alias cannot repeat its own ancestor; the document is skipped"
		return
	case aliasBomb:
		l.diags.Addf(diag.Error, diag.AliasLimit, l.span(n), "", "the document expands to too many nodes through aliases").Hint =
			"this looks like an alias bomb (billion laughs); the document is skipped"
		return
	}
	l.object(n, 0)
}

// maxListDepth bounds Lists nested in Lists, which kubectl never prints
// but a hostile input could.
const maxListDepth = 8

// object decodes an object: a RouteGroup, a cluster object, or a List of
// objects. A panic while decoding it becomes an internal error of that
// object only.
func (l *loader) object(n *yaml.Node, depth int) {
	o := &obj{l: l, node: n}
	defer func() {
		if r := recover(); r != nil {
			l.internalError(r, n, o.id())
		}
	}()
	if n.Kind != yaml.MappingNode {
		o.errorf(diag.NotAnObject, n, "", "expected an object, got %s", describe(n)).Hint =
			"each document is a Kubernetes object with apiVersion, kind and metadata"
		return
	}
	kindNode := lookup(n, "kind")
	if kindNode == nil || !isString(kindNode) || kindNode.Value == "" {
		o.errorf(diag.NotAnObject, n, "", "object without kind").Hint =
			"each document is a Kubernetes object with apiVersion, kind and metadata, e.g. kind: RouteGroup"
		return
	}
	kind := kindNode.Value
	if items := lookup(n, "items"); items != nil && isListKind(kind) {
		l.list(o, n, items, depth)
		return
	}
	if !l.checkAPIVersion(o, n, kindNode) {
		return
	}
	switch kind {
	case "RouteGroup":
		l.routeGroup(o, n)
	case "Service":
		l.service(o, n)
	case "Endpoints":
		l.endpoints(o, n)
	case "EndpointSlice":
		l.endpointSlice(o, n)
	}
}

// apiVersions are the kinds rgc reads, with the only version it reads.
var apiVersions = map[string]string{
	"RouteGroup":    "zalando.org/v1",
	"Service":       "v1",
	"Endpoints":     "v1",
	"EndpointSlice": "discovery.k8s.io/v1",
}

// checkAPIVersion reports whether an object of this kind is read, and
// warns when its apiVersion is not the one rgc expects.
func (l *loader) checkAPIVersion(o *obj, n, kindNode *yaml.Node) bool {
	kind := kindNode.Value
	want, known := apiVersions[kind]
	if !known {
		o.report(diag.Info, diag.UnsupportedKind, kindNode, "kind", "kind %q is not read; skipped", kind).Hint =
			"rgc reads RouteGroup, Service, Endpoints, EndpointSlice and List"
		return false
	}
	v := lookup(n, "apiVersion")
	switch {
	case v == nil || isNull(v):
		o.warnf(diag.NotAnObject, kindNode, "apiVersion", "missing apiVersion; reading the object as %s %s", want, kind).Hint =
			"add apiVersion: " + want + "; kubectl rejects objects without it"
		return true
	case !isString(v) || v.Value != want:
		// Skipper asks the API for each kind at its version, so the kind
		// decides; its own test fixtures hold such objects too.
		o.warnf(diag.UnsupportedKind, v, "apiVersion", "apiVersion %q is not %s; reading the object as %s %s", v.Value, want, want, kind).Hint =
			"the API server serves " + kind + " as " + want
	}
	return true
}

func isListKind(kind string) bool {
	return kind == "List" || len(kind) > 4 && kind[len(kind)-4:] == "List"
}

// list decodes the items of a List (kubectl get -o yaml) or of a typed list
// such as RouteGroupList (the API's answer).
func (l *loader) list(o *obj, n, items *yaml.Node, depth int) {
	if depth >= maxListDepth {
		o.errorf(diag.NotAnObject, n, "", "lists nested more than %d deep", maxListDepth)
		return
	}
	seq, ok := o.seq(items, "", "items")
	if !ok {
		return
	}
	for _, it := range seq {
		it = resolve(it)
		if isNull(it) {
			continue
		}
		l.object(it, depth+1)
	}
}

// peekID returns "namespace/name" from an object's metadata before it is
// decoded, so that every diagnostic of the object names it; decoding the
// metadata checks the types later. It is "" for an object without name.
func peekID(n *yaml.Node) string {
	m := lookup(n, "metadata")
	var meta ir.Meta
	if v := lookup(m, "name"); v != nil && isString(v) {
		meta.Name.V = v.Value
	}
	if meta.Name.V == "" {
		return ""
	}
	if v := lookup(m, "namespace"); v != nil && isString(v) {
		meta.Namespace.V = v.Value
	}
	return meta.ID()
}

// internalError turns a panic into a diagnostic.
func (l *loader) internalError(r any, n *yaml.Node, group string) {
	var span src.Span
	if n != nil {
		span = l.span(n)
	}
	d := l.diags.Addf(diag.Error, diag.InternalError, span, group, "internal error: %v", r)
	d.Hint = "this is a bug in rgc; please report it with the input"
	if debugPanics {
		panic(fmt.Sprintf("%v\n%s", r, debug.Stack()))
	}
}

// debugPanics re-raises recovered panics; tests set it to see the stack.
var debugPanics = false
