package fastyaml

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The YAML reader takes block mappings and sequences (compact sequences
// under a key included), one-line plain and quoted scalars, one-line flow
// sequences of simple scalars, empty flow mappings, comments and "---"
// separators. It bails out on everything else: anchors, aliases, tags,
// block scalars, multi-line scalars, complex keys, directives, "...",
// tabs, CRs outside CRLF, keys yaml.v3 may find too long, and any line
// that would not parse.
//
// i is the reading offset; lines are counted as they are passed.

// yamlDocument reads the next document: nil at the end of the stream,
// false when the document (or what follows it) is outside the subset.
func (p *parser) yamlDocument() (doc *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bail); !isBail {
				panic(r)
			}
			doc, ok = nil, false
		}
	}()
	if !p.started {
		p.started = true
		text, ascii := plainText(p.src)
		if !text {
			return nil, false
		}
		p.ascii, p.countAll = ascii, !ascii
	}
	p.reset()
	switch at := p.nextContent(); {
	case at == atEOF:
		return nil, true
	case at == atEnd:
		return nil, false // "...": rare, and it ends a document differently
	case at == atStart:
		p.docStart = p.i
		doc = p.explicitDocument()
	case p.explicit:
		return nil, false // content after a document without "---"
	default:
		doc = p.node(yaml.DocumentNode, 0, "", "", p.line, p.col(p.i))
		doc.Content = []*yaml.Node{p.block(at)}
	}
	p.explicit = true // documents after the first need "---"
	if at := p.nextContent(); at != atEOF && at != atStart {
		panic(bail{}) // content that is not part of the root, or "..."
	}
	return doc, true
}

// Where nextContent stopped: at a line with content (its indentation,
// >= 0), or at one of these.
const (
	atEOF   = -1
	atStart = -2 // a "---" line
	atEnd   = -3 // a "..." line
)

// explicitDocument reads a document that starts at a "---" line.
func (p *parser) explicitDocument() *yaml.Node {
	doc := p.node(yaml.DocumentNode, 0, "", "", p.line, 1)
	p.i += 3
	p.endLine()
	at := p.nextContent()
	if at < 0 {
		if at == atEOF && !strings.HasSuffix(p.src, "\n") {
			panic(bail{}) // yaml.v3 places this null on a line that is not there
		}
		// An empty document: yaml.v3 gives a null where the next one starts.
		doc.Content = []*yaml.Node{p.node(yaml.ScalarNode, 0, "!!null", "", p.line, p.col(p.i))}
		return doc
	}
	doc.Content = []*yaml.Node{p.block(at)}
	return doc
}

// plainText reports whether s has only what the reader handles: no tabs,
// no control characters, CR only before LF, valid UTF-8 without the
// characters YAML treats specially, and no BOM; and whether s is ASCII.
func plainText(s string) (ok, ascii bool) {
	ascii = true
	for i := 0; i < len(s); {
		c := s[i]
		if c >= ' ' && c < 0x7f || c == '\n' {
			i++
			continue
		}
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError, r == 0x85, r == 0x2028, r == 0x2029, r < 0xa0, r == 0xfeff, r == 0xfffe, r == 0xffff:
				return false, false
			}
			i += size
			continue
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			i++
			continue
		}
		return false, false
	}
	return true, ascii
}

// nextContent moves to the first character of the next line with content,
// skipping blank and comment lines, from the start of a line (or from the
// first content of the current one). It returns the line's indentation,
// or where it stopped.
func (p *parser) nextContent() int {
	if p.i >= len(p.src) {
		return atEOF
	}
	if p.i > p.lineStart {
		// Still on a line with content: only its indentation is left.
		return p.i - p.lineStart
	}
	for p.i < len(p.src) {
		j := p.i
		for j < len(p.src) && p.src[j] == ' ' {
			j++
		}
		if j == len(p.src) {
			p.i = j
			return atEOF
		}
		switch p.src[j] {
		case '\n', '\r', '#':
			p.i = j
			p.skipLine()
			continue
		}
		if j == p.lineStart {
			if marker(p.src[j:], "---") {
				return atStart
			}
			if marker(p.src[j:], "...") {
				return atEnd
			}
			if p.src[j] == '%' {
				panic(bail{}) // a directive
			}
		}
		p.i = j
		return j - p.lineStart
	}
	return atEOF
}

// marker reports whether s starts with the document marker m.
func marker(s, m string) bool {
	return strings.HasPrefix(s, m) && (len(s) == 3 || s[3] == ' ' || s[3] == '\n' || s[3] == '\r')
}

// skipLine moves past the end of the current line, whatever is left on it.
func (p *parser) skipLine() {
	j := strings.IndexByte(p.src[p.i:], '\n')
	if j < 0 {
		p.i = len(p.src)
		return
	}
	p.i += j + 1
	p.newline(p.i)
}

// endLine checks that only blanks and a comment are left on the line and
// moves past it.
func (p *parser) endLine() {
	j := p.i
	for j < len(p.src) && p.src[j] == ' ' {
		j++
	}
	if j < len(p.src) {
		switch p.src[j] {
		case '\n', '\r':
		case '#':
			if j == p.i && j > p.lineStart {
				panic(bail{}) // "#" right after content is not a comment
			}
		default:
			panic(bail{})
		}
	}
	p.i = j
	p.skipLine()
}

// block reads the block node that starts at p.i, indented by ind.
func (p *parser) block(ind int) *yaml.Node {
	if p.entry() {
		return p.sequence(ind)
	}
	if p.keyAhead() {
		return p.mapping(ind)
	}
	panic(bail{}) // a scalar on a line of its own: maybe multi-line
}

// entry reports whether p.i is at a sequence entry "- ".
func (p *parser) entry() bool {
	s := p.src[p.i:]
	return len(s) > 0 && s[0] == '-' && (len(s) == 1 || s[1] == ' ' || s[1] == '\n' || s[1] == '\r')
}

func (p *parser) mapping(ind int) *yaml.Node {
	n := p.node(yaml.MappingNode, 0, "!!map", "", p.line, p.col(p.i))
	mark := len(p.stack)
	for {
		p.stack = append(p.stack, p.key())
		p.stack = append(p.stack, p.value(ind))
		at := p.nextContent()
		switch {
		case at < ind:
			n.Content = p.children(mark)
			return n
		case at > ind || !p.keyAhead():
			panic(bail{})
		}
	}
}

// value reads a mapping value after the ":" of a key at indentation ind:
// on the same line, or a block on the lines below.
func (p *parser) value(ind int) *yaml.Node {
	line, col := p.line, p.col(p.i)
	p.skipBlanks()
	if p.i < len(p.src) && p.src[p.i] != '\n' && p.src[p.i] != '\r' && p.src[p.i] != '#' {
		v := p.inline()
		p.endLine()
		return v
	}
	if p.i < len(p.src) && p.src[p.i] == '#' && p.src[p.i-1] != ' ' {
		panic(bail{})
	}
	p.skipLine()
	at := p.nextContent()
	switch {
	case at > ind:
		return p.block(at)
	case at == ind && p.entry():
		return p.sequence(ind) // a compact sequence: "key:" then "- item"
	}
	return p.node(yaml.ScalarNode, 0, "!!null", "", line, col)
}

func (p *parser) sequence(ind int) *yaml.Node {
	n := p.node(yaml.SequenceNode, 0, "!!seq", "", p.line, p.col(p.i))
	mark := len(p.stack)
	for {
		p.i++ // the "-"
		p.skipBlanks()
		if p.i >= len(p.src) || p.src[p.i] == '\n' || p.src[p.i] == '\r' || p.src[p.i] == '#' {
			panic(bail{}) // an item on the lines below, or a null item
		}
		switch {
		case p.entry():
			panic(bail{}) // "- - x"
		case p.keyAhead():
			p.stack = append(p.stack, p.mapping(p.i-p.lineStart))
		default:
			p.stack = append(p.stack, p.inline())
			p.endLine()
		}
		at := p.nextContent()
		switch {
		case at < ind || at == ind && !p.entry():
			n.Content = p.children(mark)
			return n
		case at > ind:
			panic(bail{})
		}
	}
}

func (p *parser) skipBlanks() {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
}

// keyAhead reports whether the line from p.i holds "key:" followed by a
// blank or the end of the line, the key being a quoted or plain scalar.
func (p *parser) keyAhead() bool {
	s := p.src[p.i:]
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[:nl]
	}
	s = strings.TrimSuffix(s, "\r")
	if s == "" {
		return false
	}
	end := 0
	switch s[0] {
	case '"', '\'':
		end = quotedEnd(s)
		if end < 0 {
			return false
		}
	default:
		end = plainKeyEnd(s)
	}
	return end >= 0 && end < len(s) && s[end] == ':' && (end+1 == len(s) || s[end+1] == ' ')
}

// quotedEnd returns the end of the one-line quoted scalar that starts s,
// or -1.
func quotedEnd(s string) int {
	q := s[0]
	for j := 1; j < len(s); j++ {
		switch {
		case q == '"' && s[j] == '\\':
			j++
		case s[j] == q && q == '\'' && j+1 < len(s) && s[j+1] == '\'':
			j++
		case s[j] == q:
			return j + 1
		}
	}
	return -1
}

// plainKeyEnd returns where a plain scalar that starts s ends before
// ": " (or a final ":"), or -1 when it ends otherwise (a comment, the end
// of the line).
func plainKeyEnd(s string) int {
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case ':':
			if j+1 == len(s) || s[j+1] == ' ' {
				return j
			}
		case '#':
			if j > 0 && s[j-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// key reads a mapping key and its ":".
func (p *parser) key() *yaml.Node {
	line, col := p.line, p.col(p.i)
	var k *yaml.Node
	switch p.src[p.i] {
	case '"', '\'':
		k = p.quoted(line, col)
	default:
		start := p.i
		end := start + plainKeyEnd(p.src[start:p.lineEnd()])
		if end <= start || p.src[end-1] == ' ' || !plainStart(p.src[start:end]) {
			panic(bail{})
		}
		v := p.src[start:end]
		k = p.node(yaml.ScalarNode, 0, scalarTag(v), v, line, col)
		p.i = end
	}
	if p.i-p.lineStart > maxKey || p.i >= len(p.src) || p.src[p.i] != ':' {
		panic(bail{})
	}
	p.i++
	return k
}

// lineEnd returns the offset of the end of the current line, before any
// CR.
func (p *parser) lineEnd() int {
	j := strings.IndexByte(p.src[p.i:], '\n')
	if j < 0 {
		return len(p.src)
	}
	j += p.i
	if j > p.i && p.src[j-1] == '\r' {
		j--
	}
	return j
}

// plainStart reports whether a plain scalar may start as v does in block
// context, without a meaning the reader does not handle.
func plainStart(v string) bool {
	switch v[0] {
	case '&', '*', '!', '|', '>', '%', '@', '`', ',', '[', ']', '{', '}', '#', '"', '\'':
		return false
	case '-', '?', ':':
		return len(v) > 1 && v[1] != ' '
	}
	return true
}

// inline reads the value that starts at p.i and ends on this line: a
// quoted or plain scalar, or a flow collection.
func (p *parser) inline() *yaml.Node {
	line, col := p.line, p.col(p.i)
	switch p.src[p.i] {
	case '"', '\'':
		return p.quoted(line, col)
	case '[':
		return p.flowSeq(line, col)
	case '{':
		if strings.HasPrefix(p.src[p.i:], "{}") {
			p.i += 2
			return p.node(yaml.MappingNode, yaml.FlowStyle, "!!map", "", line, col)
		}
		panic(bail{})
	}
	end := p.lineEnd()
	s := p.src[p.i:end]
	if c := strings.Index(s, " #"); c >= 0 {
		s = s[:c]
	}
	v := strings.TrimRight(s, " ")
	if v == "" || !plainStart(v) || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
		panic(bail{})
	}
	p.i += len(v)
	return p.node(yaml.ScalarNode, 0, scalarTag(v), v, line, col)
}

// flowSeq reads a one-line flow sequence of quoted scalars and simple
// plain ones.
func (p *parser) flowSeq(line, col int) *yaml.Node {
	n := p.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", line, col)
	mark := len(p.stack)
	p.i++
	p.skipBlanks()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		return n
	}
	for {
		if p.i >= len(p.src) {
			panic(bail{})
		}
		l, c := p.line, p.col(p.i)
		switch p.src[p.i] {
		case '"', '\'':
			p.stack = append(p.stack, p.quoted(l, c))
		default:
			start := p.i
			for p.i < len(p.src) && simple(p.src[p.i]) {
				p.i++
			}
			v := p.src[start:p.i]
			if v == "" || !plainStart(v) {
				panic(bail{})
			}
			p.stack = append(p.stack, p.node(yaml.ScalarNode, 0, scalarTag(v), v, l, c))
		}
		p.skipBlanks()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			p.skipBlanks()
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			n.Content = p.children(mark)
			return n
		}
		panic(bail{})
	}
}

// simple reports whether c may be part of a plain scalar in a flow
// sequence without any question.
func simple(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '/' || c == '-' || c == '+'
}

// quoted reads a one-line single- or double-quoted scalar.
func (p *parser) quoted(line, col int) *yaml.Node {
	s := p.src[p.i:p.lineEnd()]
	end := quotedEnd(s)
	if end < 0 {
		panic(bail{}) // multi-line, or unterminated
	}
	body := s[1 : end-1]
	p.i += end
	if s[0] == '\'' {
		return p.node(yaml.ScalarNode, yaml.SingleQuotedStyle, "!!str", strings.ReplaceAll(body, "''", "'"), line, col)
	}
	if strings.IndexByte(body, '\\') >= 0 {
		body = unescape(body)
	}
	return p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", body, line, col)
}

// unescape decodes the escapes of a one-line double-quoted scalar as
// yaml.v3 does.
func unescape(body string) string {
	b := make([]byte, 0, len(body))
	for j := 0; j < len(body); j++ {
		c := body[j]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		j++
		if j >= len(body) {
			panic(bail{}) // an escaped line break
		}
		n := 0
		switch body[j] {
		case '0':
			b = append(b, 0)
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 't':
			b = append(b, '\t')
		case 'n':
			b = append(b, '\n')
		case 'v':
			b = append(b, '\v')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'e':
			b = append(b, 0x1b)
		case ' ', '"', '\'', '\\':
			b = append(b, body[j])
		case 'N':
			b = utf8.AppendRune(b, 0x85)
		case '_':
			b = utf8.AppendRune(b, 0xa0)
		case 'L':
			b = utf8.AppendRune(b, 0x2028)
		case 'P':
			b = utf8.AppendRune(b, 0x2029)
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			panic(bail{})
		}
		if n > 0 {
			if j+1+n > len(body) {
				panic(bail{})
			}
			v := 0
			for _, h := range []byte(body[j+1 : j+1+n]) {
				d := hexDigit(h)
				if d < 0 {
					panic(bail{})
				}
				v = v<<4 | d
			}
			if v >= 0xd800 && v <= 0xdfff || v > 0x10ffff {
				panic(bail{})
			}
			b = utf8.AppendRune(b, rune(v))
			j += n
		}
	}
	return string(b)
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
