// Package fastyaml builds, for the inputs rgc sees most, the same
// yaml.Node trees that yaml.v3 builds, several times faster: JSON as
// kubectl get -o json prints it, and block YAML without the features
// that make YAML hard (anchors, aliases, tags, block scalars, multi-line
// scalars, directives).
//
// Input: a file's bytes. Output: its documents, exactly as decoding the
// file document by document with yaml.v3 into yaml.Node gives them: the
// same kinds, styles, tags, values, lines and columns (comments, which rgc
// never reads, are left out). When the input uses anything outside the
// subset, or is not well-formed, Parse reports false and the caller
// decodes the file with yaml.v3, which then also reports any error: the
// subset never decides what is valid. diff_test.go and FuzzParse hold
// Parse to yaml.v3.
package fastyaml

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/yaml.v3"
)

// Parse returns the documents of content, or false when content is not in
// the subset.
func Parse(content []byte) ([]*yaml.Node, bool) {
	r := newReader(content, false)
	var docs []*yaml.Node
	for d := r.Next(); d != nil; d = r.Next() {
		docs = append(docs, d)
	}
	return docs, r.Rest() == len(content)
}

// Reader reads the documents of a file one by one, reusing memory: the
// nodes of a document are valid until the next call of Next. It stops at
// the first document outside the subset; yaml.v3 reads the file from Rest
// on, and decodes the same documents that decoding the whole file would
// give from there: each document is delivered only after what follows it
// (the next "---" or the end) was checked, and the reader restarts
// yaml.v3 only at a "---" line after documents without anchors.
type Reader struct {
	p    *parser
	json bool
	done bool
	rest int

	// A JSON List read item by item: where its items start, and where
	// the next one does.
	list  bool
	items place
	next  int
}

// NewReader returns a reader of content.
func NewReader(content []byte) *Reader { return newReader(content, true) }

func newReader(content []byte, reuse bool) *Reader {
	// The text is content itself, not a copy: the values of the nodes
	// are slices of it, and so are the strings of the program built from
	// them. The input stays the one copy in memory (src.File's contract:
	// Content never changes).
	p := &parser{src: unsafe.String(unsafe.SliceData(content), len(content)), line: 1, colN: 1, reuse: reuse}
	t := strings.TrimLeft(p.src, " \r\n")
	return &Reader{p: p, json: t != "" && (t[0] == '{' || t[0] == '[')}
}

// Next returns the next document, or nil when there is none left in the
// subset.
func (r *Reader) Next() *yaml.Node {
	if r.done {
		return nil
	}
	var doc *yaml.Node
	var ok bool
	if r.json {
		doc, ok = r.p.json()
		r.done = true
	} else {
		doc, ok = r.p.yamlDocument()
	}
	switch {
	case !ok:
		r.done, r.rest = true, r.p.docStart
		return nil
	case doc == nil:
		r.done, r.rest = true, len(r.p.src)
	}
	if r.json && doc != nil {
		r.rest = len(r.p.src)
	}
	return doc
}

// Rest returns the offset from which yaml.v3 must read the file once Next
// has returned nil: the length of the file when every document was read.
func (r *Reader) Rest() int { return r.rest }

// parser is the state of one Parse: the text, where lines start, and the
// slabs that nodes and child lists are cut from.
type parser struct {
	src  string
	i    int // the YAML reader's offset
	line int // 1-based line of lineStart
	// lineStart is the offset of the current line; colN is the column of
	// offset colOff on it.
	lineStart    int
	colOff, colN int
	// ascii is set when the whole text is known to be ASCII, countAll when
	// it is not and every column needs counting. Otherwise nonASCIILine is
	// the last line on which a non-ASCII byte was met: the JSON reader
	// meets them in order, in strings.
	ascii, countAll bool
	nonASCIILine    int

	nodes []yaml.Node // the current slab; used of them are taken
	used  int
	ptrs  []*yaml.Node
	stack []*yaml.Node // children of the open collections

	// With reuse, the slabs of nodes and of child lists are kept and
	// handed out again for the next document: slab and ptrSlab count
	// those in use.
	reuse             bool
	slabs             [][]yaml.Node
	slab              int
	ptrSlabs          [][]*yaml.Node
	ptrSlab           int
	docStart          int // offset of the current document's "---" line, or 0
	started, explicit bool

	// dry runs the reader without building nodes; they all are dummy.
	dry     bool
	dummy   yaml.Node
	scratch []byte
	// rootKeys are the keys of a JSON root object, as the dry run saw
	// them.
	rootKeys []rootKey
}

// rootKey is a key of a JSON root object, as written (escapes and all),
// and where its value starts.
type rootKey struct {
	raw string
	at  place
}

// slab sizes: large enough to amortise, small enough not to hold much
// memory past the last node.
const (
	nodeSlab = 256
	ptrSlab  = 1024
	// The first slabs are small, and each is twice the last up to the
	// sizes above: a file of one small object (a document per object, as
	// the incremental compiler gets them) must not cost a full slab.
	firstNodeSlab = 32
	firstPtrSlab  = 64
)

func (p *parser) node(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
	if p.dry {
		return &p.dummy
	}
	if p.used == len(p.nodes) {
		p.nodes, p.used = p.nextSlab(), 0
	}
	// Field by field: copying a whole Node would copy its empty fields too,
	// behind a bulk write barrier while the collector runs. A reused node
	// has only these fields set.
	n := &p.nodes[p.used]
	p.used++
	n.Kind, n.Style, n.Line, n.Column = kind, style, line, col
	n.Tag, n.Value, n.Content = tag, value, nil
	return n
}

// nextSlab returns a slab of nodes: the next one kept from an earlier
// document when reusing, a new one otherwise.
func (p *parser) nextSlab() []yaml.Node {
	size := min(nodeSlab, max(firstNodeSlab, 2*len(p.nodes)))
	if !p.reuse {
		return make([]yaml.Node, size)
	}
	if p.slab == len(p.slabs) {
		p.slabs = append(p.slabs, make([]yaml.Node, size))
	}
	p.slab++
	return p.slabs[p.slab-1]
}

// reset makes the memory of the last document available again.
func (p *parser) reset() {
	if !p.reuse {
		return
	}
	p.slab, p.nodes, p.used = 0, nil, 0
	p.ptrSlab, p.ptrs = 0, nil
}

// children moves the nodes pushed since mark into a child list.
func (p *parser) children(mark int) []*yaml.Node {
	n := len(p.stack) - mark
	if n == 0 || p.dry {
		clear(p.stack[mark:])
		p.stack = p.stack[:mark]
		return nil
	}
	if n <= ptrSlab/4 && len(p.ptrs)+n > cap(p.ptrs) {
		p.ptrs = p.nextPtrSlab()
	}
	var c []*yaml.Node
	if len(p.ptrs)+n > cap(p.ptrs) {
		c = make([]*yaml.Node, n) // long lists, or longer than a small slab
	} else {
		c = p.ptrs[len(p.ptrs) : len(p.ptrs)+n : len(p.ptrs)+n]
		p.ptrs = p.ptrs[:len(p.ptrs)+n]
	}
	copy(c, p.stack[mark:])
	clear(p.stack[mark:])
	p.stack = p.stack[:mark]
	return c
}

func (p *parser) nextPtrSlab() []*yaml.Node {
	size := min(ptrSlab, max(firstPtrSlab, 2*cap(p.ptrs)))
	if !p.reuse {
		return make([]*yaml.Node, 0, size)
	}
	if p.ptrSlab == len(p.ptrSlabs) {
		p.ptrSlabs = append(p.ptrSlabs, make([]*yaml.Node, 0, size))
	}
	p.ptrSlab++
	return p.ptrSlabs[p.ptrSlab-1][:0]
}

// col returns the 1-based column of offset i on the current line, in
// runes as yaml.v3 counts them. On a line known to be ASCII it is the
// byte distance; otherwise it counts on from the last answer (columns are
// asked for in increasing offsets), so a long line costs linear time.
func (p *parser) col(i int) int {
	if p.ascii || !p.countAll && p.nonASCIILine != p.line {
		return i - p.lineStart + 1
	}
	if p.colOff < p.lineStart || p.colOff > i {
		p.colOff, p.colN = p.lineStart, 1
	}
	for j := p.colOff; j < i; j++ {
		if p.src[j] < utf8.RuneSelf || p.src[j] >= 0xc0 {
			p.colN++ // count each rune once, at its first byte
		}
	}
	p.colOff = i
	return p.colN
}

// newline records a line break that ends at i (the offset after it).
func (p *parser) newline(i int) {
	p.line++
	p.lineStart = i
	p.colOff, p.colN = i, 1
}

// skipSpace skips JSON white space from i, counting lines; a lone CR is a
// line break to YAML.
func (p *parser) skipSpace(i int) int {
	for i < len(p.src) {
		switch p.src[i] {
		case ' ':
			i++
			for i+8 <= len(p.src) && p.src[i:i+8] == "        " {
				i += 8 // indentation comes in runs
			}
		case '\n':
			i++
			p.newline(i)
		case '\r':
			i++
			if i < len(p.src) && p.src[i] == '\n' {
				i++
			}
			p.newline(i)
		default:
			return i
		}
	}
	return i
}

// scalarTag is the tag yaml.v3 resolves a plain scalar to. Words that
// start with a letter are strings unless they are in yaml.v3's table;
// anything else goes to yaml.v3's own resolver (Node.ShortTag on an
// untagged node), so the answer is yaml.v3's by construction.
func scalarTag(v string) string {
	switch v {
	case "":
		return "!!null"
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "null", "Null", "NULL", "~":
		return "!!null"
	case "<<":
		return "!!merge" // yaml.v3's parser tags a plain "<<" itself
	}
	if c := v[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return "!!str"
	}
	if decimal(v) {
		return "!!int" // what yaml.v3's resolver gives, without boxing the value
	}
	n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
	return n.ShortTag()
}

// decimal reports whether v is "0" or an optional "-" and up to 18 digits
// without a leading zero: an int64 that yaml.v3 reads as !!int (leading
// zeros make octals or floats, longer numbers may not fit).
func decimal(v string) bool {
	d := strings.TrimPrefix(v, "-")
	if d == "" || len(d) > 18 || d[0] == '0' && d != "0" {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}
