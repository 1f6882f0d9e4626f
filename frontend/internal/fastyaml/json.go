package fastyaml

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// JSON is YAML's flow style: objects and arrays are flow collections,
// strings double-quoted scalars, numbers, true, false and null plain
// scalars. The JSON reader bails out wherever YAML would read JSON
// differently or fail: raw control and line-break characters in strings,
// escapes yaml.v3 rejects (surrogates, "\/"), a key whose ":" is on another
// line, keys yaml.v3 may find too long, and anything after the value.

// maxDepth bounds nesting, far below yaml.v3's 10,000.
const maxDepth = 1000

// maxKey is the longest key the reader accepts: yaml.v3 gives up on simple
// keys of 1,024 characters and more.
const maxKey = 1000

// bail is the panic value that stops a reader that met something outside
// the subset; Parse recovers it.
type bail struct{}

func (p *parser) json() (doc *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bail); !isBail {
				panic(r)
			}
			doc, ok = nil, false
		}
	}()
	if strings.HasPrefix(p.src, "\ufeff") {
		return nil, false // yaml.v3 skips a BOM without counting it
	}
	i := p.skipSpace(0)
	doc = p.node(yaml.DocumentNode, 0, "", "", p.line, p.col(i))
	root, i := p.jsonValue(i, 0)
	if p.skipSpace(i) != len(p.src) {
		return nil, false
	}
	doc.Content = []*yaml.Node{root}
	return doc, true
}

func (p *parser) jsonValue(i, depth int) (*yaml.Node, int) {
	if i >= len(p.src) || depth > maxDepth {
		panic(bail{})
	}
	line, col := p.line, p.col(i)
	switch c := p.src[i]; {
	case c == '{':
		return p.jsonObject(i, depth, line, col)
	case c == '[':
		return p.jsonArray(i, depth, line, col)
	case c == '"':
		v, end := p.jsonString(i)
		return p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", v, line, col), end
	case c == '-' || c >= '0' && c <= '9':
		end := p.plainEnd(jsonNumber(p.src, i))
		v := p.src[i:end]
		tag := scalarTag(v)
		if tag != "!!int" && tag != "!!float" {
			panic(bail{})
		}
		return p.node(yaml.ScalarNode, 0, tag, v, line, col), end
	}
	for _, w := range [...]struct{ word, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
		if strings.HasPrefix(p.src[i:], w.word) {
			return p.node(yaml.ScalarNode, 0, w.tag, w.word, line, col), p.plainEnd(i + len(w.word))
		}
	}
	panic(bail{})
}

// plainEnd checks that a plain scalar ends at i, as YAML would end it in
// a flow collection.
func (p *parser) plainEnd(i int) int {
	if i < len(p.src) {
		switch p.src[i] {
		case ' ', '\n', '\r', ',', ']', '}':
		default:
			panic(bail{})
		}
	}
	return i
}

func (p *parser) jsonObject(i, depth, line, col int) (*yaml.Node, int) {
	n := p.node(yaml.MappingNode, yaml.FlowStyle, "!!map", "", line, col)
	mark := len(p.stack)
	i = p.skipSpace(i + 1)
	if i < len(p.src) && p.src[i] == '}' {
		return n, i + 1
	}
	for {
		if i >= len(p.src) || p.src[i] != '"' {
			panic(bail{})
		}
		kline, kcol, ki := p.line, p.col(i), i
		k, end := p.jsonString(i)
		if end-i > maxKey {
			panic(bail{})
		}
		p.stack = append(p.stack, p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", k, kline, kcol))
		i = p.skipSpace(end)
		if i >= len(p.src) || p.src[i] != ':' || p.line != kline {
			panic(bail{}) // a key and its colon on different lines is not a simple key
		}
		i = p.skipSpace(i + 1)
		if depth == 0 && p.dry {
			p.rootKeys = append(p.rootKeys, rootKey{raw: p.src[ki+1 : end-1], at: place{i: i, line: p.line, lineStart: p.lineStart}})
		}
		var v *yaml.Node
		v, i = p.jsonValue(i, depth+1)
		p.stack = append(p.stack, v)
		i = p.skipSpace(i)
		if i < len(p.src) && p.src[i] == ',' {
			i = p.skipSpace(i + 1)
			continue
		}
		if i < len(p.src) && p.src[i] == '}' {
			n.Content = p.children(mark)
			return n, i + 1
		}
		panic(bail{})
	}
}

func (p *parser) jsonArray(i, depth, line, col int) (*yaml.Node, int) {
	n := p.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", line, col)
	mark := len(p.stack)
	i = p.skipSpace(i + 1)
	if i < len(p.src) && p.src[i] == ']' {
		return n, i + 1
	}
	for {
		var v *yaml.Node
		v, i = p.jsonValue(i, depth+1)
		p.stack = append(p.stack, v)
		i = p.skipSpace(i)
		if i < len(p.src) && p.src[i] == ',' {
			i = p.skipSpace(i + 1)
			continue
		}
		if i < len(p.src) && p.src[i] == ']' {
			n.Content = p.children(mark)
			return n, i + 1
		}
		panic(bail{})
	}
}

// jsonNumber returns the end of the JSON number at i; anything that is
// not one bails.
func jsonNumber(s string, i int) int {
	start := i
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if n := digits(); n == 0 || n > 1 && s[i-n] == '0' {
		panic(bail{})
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			panic(bail{})
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			panic(bail{})
		}
	}
	if i == start {
		panic(bail{})
	}
	return i
}

// jsonString decodes the JSON string that starts at the quote s[i] and
// returns its value and end. Values without escapes share the source.
func (p *parser) jsonString(i int) (string, int) {
	s := p.src
	j := i + 1
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			return s[i+1 : j], j + 1
		case c == '\\':
			return p.jsonEscaped(i, j)
		case c < ' ' || c == 0x7f:
			panic(bail{}) // raw control characters: not JSON, and YAML folds or rejects them
		case c >= utf8.RuneSelf:
			p.nonASCIILine = p.line
			j = checkRune(s, j)
			continue
		}
		j++
	}
	panic(bail{})
}

// checkRune checks the UTF-8 sequence at s[j] and returns its end. It
// bails on what YAML treats differently from JSON: invalid UTF-8, line
// breaks (NEL, LS, PS), and characters YAML does not allow in a document.
func checkRune(s string, j int) int {
	r, size := utf8.DecodeRuneInString(s[j:])
	switch {
	case r == utf8.RuneError, r == 0x85, r == 0x2028, r == 0x2029, r >= 0x80 && r < 0xa0, r == 0xfeff, r == 0xfffe, r == 0xffff:
		panic(bail{})
	}
	return j + size
}

// jsonEscaped decodes a string with escapes; j is its first backslash.
func (p *parser) jsonEscaped(i, j int) (string, int) {
	s := p.src
	var b []byte
	if p.dry {
		b = p.scratch[:0] // checked, not kept
	} else {
		b = make([]byte, 0, j-i+16)
	}
	b = append(b, s[i+1:j]...)
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			if p.dry {
				p.scratch = b
				return "", j + 1
			}
			return string(b), j + 1
		case c < ' ' || c == 0x7f:
			panic(bail{})
		case c >= utf8.RuneSelf:
			p.nonASCIILine = p.line
			end := checkRune(s, j)
			b = append(b, s[j:end]...)
			j = end
			continue
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(s) {
			panic(bail{})
		}
		j += 2
		switch e := s[j-1]; e {
		case '"', '\\':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			if j+4 > len(s) {
				panic(bail{})
			}
			v, err := strconv.ParseUint(s[j:j+4], 16, 32)
			if err != nil || v >= 0xd800 && v <= 0xdfff {
				panic(bail{}) // yaml.v3 rejects surrogates, JSON pairs them
			}
			b = utf8.AppendRune(b, rune(v))
			j += 4
		default:
			panic(bail{})
		}
	}
	panic(bail{})
}
