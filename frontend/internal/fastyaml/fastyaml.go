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

	"gopkg.in/yaml.v3"
)

// Parse returns the documents of content, or false when content is not in
// the subset.
func Parse(content []byte) ([]*yaml.Node, bool) {
	p := &parser{src: string(content), line: 1, colN: 1}
	if t := strings.TrimLeft(p.src, " \r\n"); t != "" && (t[0] == '{' || t[0] == '[') {
		return p.json()
	}
	return p.yaml()
}

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
}

// slab sizes: large enough to amortise, small enough not to hold much
// memory past the last node.
const (
	nodeSlab = 256
	ptrSlab  = 1024
)

func (p *parser) node(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
	if p.used == len(p.nodes) {
		p.nodes, p.used = make([]yaml.Node, nodeSlab), 0
	}
	// Field by field into zeroed memory: copying a whole Node would copy
	// its empty strings too, behind a bulk write barrier while the
	// collector runs.
	n := &p.nodes[p.used]
	p.used++
	n.Kind, n.Style, n.Line, n.Column = kind, style, line, col
	n.Tag = tag
	if value != "" {
		n.Value = value
	}
	return n
}

// children moves the nodes pushed since mark into a child list.
func (p *parser) children(mark int) []*yaml.Node {
	n := len(p.stack) - mark
	if n == 0 {
		return nil
	}
	var c []*yaml.Node
	if n > ptrSlab/4 {
		c = make([]*yaml.Node, n)
	} else {
		if len(p.ptrs)+n > cap(p.ptrs) {
			p.ptrs = make([]*yaml.Node, 0, ptrSlab)
		}
		c = p.ptrs[len(p.ptrs) : len(p.ptrs)+n : len(p.ptrs)+n]
		p.ptrs = p.ptrs[:len(p.ptrs)+n]
	}
	copy(c, p.stack[mark:])
	clear(p.stack[mark:])
	p.stack = p.stack[:mark]
	return c
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
	n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
	return n.ShortTag()
}
