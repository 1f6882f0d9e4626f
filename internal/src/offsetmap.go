package src

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// ScalarStyle is how a YAML scalar was written; it decides how offsets in
// the decoded value map back to the file.
type ScalarStyle int

// The styles of YAML scalars: plain, quoted, and the literal (|) and
// folded (>) block styles.
const (
	Plain ScalarStyle = iota
	SingleQuoted
	DoubleQuoted
	Literal
	Folded
)

// OffsetMap maps byte offsets in a decoded scalar value back to positions
// in the file that holds the scalar.
//
// The map is built by re-scanning the file bytes the way yaml.v3 scans
// them and checking the result against Value: a scalar is mapped exactly
// only when the re-scan reproduces Value byte for byte, so a gap in this
// scanner costs precision, never correctness. Characters that line folding
// made up (a space for a line break) have no byte of their own and map to
// Start, inexact.
type OffsetMap struct {
	File  *File
	Start Pos // position of the scalar's first character (quote or indicator)
	Style ScalarStyle
	Value string

	// shift >= 0 says value byte i is file byte shift+i: the common case of
	// a scalar written without escapes or line breaks needs no table.
	shift int
	// offs[i] is the file offset of value byte i, or -1 when it has none;
	// offs[len(Value)] is the offset just past the value. Nil when the
	// scalar could not be re-scanned.
	offs []int
}

// NewOffsetMap returns the map for a scalar that starts at start in f.
// Only start's line and column are trusted; its offset is recomputed.
func NewOffsetMap(f *File, start Pos, style ScalarStyle, value string) *OffsetMap {
	m := &OffsetMap{File: f, Start: start, Style: style, Value: value, shift: -1}
	if f == nil || !start.IsValid() {
		return m
	}
	at := f.OffsetOf(start.Line, start.Col)
	if at < 0 {
		return m
	}
	m.Start.Offset = at
	raw := f.Content
	at = skipProperties(raw, at)
	switch style {
	case Plain:
		m.flow(raw, at, 0)
	case SingleQuoted:
		m.flow(raw, at, '\'')
	case DoubleQuoted:
		m.flow(raw, at, '"')
	case Literal, Folded:
		if at < len(raw) && raw[at] == "|>"[boolInt(style == Folded)] {
			m.offs = scanBlock(raw, at, value, style == Literal)
		}
	}
	return m
}

// skipProperties skips the tag and anchor ("!!str", "&a") that yaml.v3
// counts as the start of a scalar node, with the blanks, comments and line
// breaks after them. No scalar starts with '!' or '&' itself: both are
// indicators.
func skipProperties(raw []byte, at int) int {
	for at < len(raw) && (raw[at] == '!' || raw[at] == '&') {
		for at < len(raw) && !isBlank(raw[at]) && raw[at] != '\n' && raw[at] != '\r' {
			at++
		}
		for at < len(raw) && (isBlank(raw[at]) || raw[at] == '\n' || raw[at] == '\r' || raw[at] == '#') {
			if raw[at] == '#' {
				for at < len(raw) && raw[at] != '\n' {
					at++
				}
				continue
			}
			at++
		}
	}
	return at
}

// flow maps a plain or quoted scalar that starts at raw[at]; quote is 0
// for plain scalars.
func (m *OffsetMap) flow(raw []byte, at int, quote byte) {
	if quote != 0 {
		if at >= len(raw) || raw[at] != quote {
			return
		}
		at++
	}
	if literalPrefix(raw[at:], m.Value, quote) {
		m.shift = at
		return
	}
	s := newScanner(raw, m.Value)
	if end, ok := s.flow(at, quote); ok && s.done() {
		s.offs[len(m.Value)] = end
		m.offs = s.offs
	}
}

// literalPrefix reports whether the scalar content starting with raw is
// value written verbatim. Without escapes, doubled quotes or line breaks
// in value, equal bytes can only mean no transformation happened.
func literalPrefix(raw []byte, value string, quote byte) bool {
	if len(raw) < len(value) || string(raw[:len(value)]) != value {
		return false
	}
	special := "\n\r\u0085\u2028\u2029"
	switch quote {
	case '\'':
		special += "'"
	case '"':
		special += "\\\""
	}
	return !strings.ContainsAny(value, special)
}

// Pos returns the file position of byte offset off in the decoded value,
// and whether it is exact; when it is not, the scalar's start is returned.
// Offsets outside the value are clamped to it.
func (m *OffsetMap) Pos(off int) (Pos, bool) {
	if m == nil {
		return Pos{}, false
	}
	off = max(0, min(off, len(m.Value)))
	switch {
	case m.shift >= 0:
		return m.File.PosAt(m.shift + off), true
	case off < len(m.offs) && m.offs[off] >= 0:
		return m.File.PosAt(m.offs[off]), true
	}
	return m.Start, false
}

// Span returns the span of [start, end) in the decoded value and whether it
// is exact.
func (m *OffsetMap) Span(start, end int) (Span, bool) {
	if m == nil {
		return Span{}, false
	}
	s, ok1 := m.Pos(start)
	e, ok2 := m.Pos(end)
	return Span{File: m.File, Start: s, End: e}, ok1 && ok2
}

// scanner replays yaml.v3's scalar scanning over raw and checks every
// produced byte against val, recording where it came from.
type scanner struct {
	raw  []byte
	val  string
	offs []int
	n    int // bytes of val produced so far
	end  int // offset just past the last file byte used
}

func newScanner(raw []byte, val string) *scanner {
	s := &scanner{raw: raw, val: val, offs: make([]int, len(val)+1)}
	s.reset()
	return s
}

func (s *scanner) reset() {
	s.n, s.end = 0, 0
	for i := range s.offs {
		s.offs[i] = -1
	}
}

func (s *scanner) done() bool { return s.n == len(s.val) }

// emit records that the bytes b of the value came from the file at at;
// at is -1 for bytes with no source of their own. It reports false when b
// is not what the value holds next.
func (s *scanner) emit(b []byte, at int) bool {
	if len(b) > len(s.val)-s.n || s.val[s.n:s.n+len(b)] != string(b) {
		return false
	}
	for range b {
		s.offs[s.n] = at
		s.n++
	}
	return true
}

// emitRaw emits raw[from:to] as itself.
func (s *scanner) emitRaw(from, to int) bool {
	if to-from > len(s.val)-s.n || s.val[s.n:s.n+to-from] != string(s.raw[from:to]) {
		return false
	}
	for i := from; i < to; i++ {
		s.offs[s.n] = i
		s.n++
	}
	s.end = max(s.end, to)
	return true
}

// emitBreak emits a line break read at at: a break that yaml.v3
// normalises to "\n" maps exactly only when the file has a '\n' there.
func (s *scanner) emitBreak(b lineBreak) bool {
	if b.norm == "\n" {
		at := b.at + b.size - 1
		if s.raw[at] != '\n' {
			at = -1
		}
		s.end = max(s.end, b.at+b.size)
		return s.emit([]byte{'\n'}, at)
	}
	return s.emitRaw(b.at, b.at+b.size)
}

func (s *scanner) byteAt(p int) byte {
	if p < len(s.raw) {
		return s.raw[p]
	}
	return 0
}

// lineBreak is a line break in the file: where, how long, and what
// yaml.v3 reads it as.
type lineBreak struct {
	at, size int
	norm     string
}

// breakAt returns the line break at raw[p], if any. yaml.v3 reads CR LF,
// CR, LF and NEL as "\n" and keeps LS and PS as they are.
func breakAt(raw []byte, p int) (lineBreak, bool) {
	r := raw[min(p, len(raw)):]
	switch {
	case len(r) >= 2 && r[0] == '\r' && r[1] == '\n':
		return lineBreak{p, 2, "\n"}, true
	case len(r) >= 1 && (r[0] == '\r' || r[0] == '\n'):
		return lineBreak{p, 1, "\n"}, true
	case bytes.HasPrefix(r, []byte("\u0085")):
		return lineBreak{p, 2, "\n"}, true
	case bytes.HasPrefix(r, []byte("\u2028")), bytes.HasPrefix(r, []byte("\u2029")):
		return lineBreak{p, 3, string(r[:3])}, true
	}
	return lineBreak{}, false
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// flow replays a plain (quote 0) or quoted scalar whose content starts at
// p, until the value is complete. It returns the offset just past the last
// byte used.
func (s *scanner) flow(p int, quote byte) (int, bool) {
	for !s.done() {
		if p >= len(s.raw) {
			return p, false
		}
		c := s.raw[p]
		ok := true
		switch {
		case quote == '\'' && c == '\'':
			if s.byteAt(p+1) != '\'' {
				return p, false // closed before the value was complete
			}
			ok = s.emit([]byte{'\''}, p)
			p += 2
		case quote == '"' && c == '"':
			return p, false
		case quote == '"' && c == '\\':
			if b, brk := breakAt(s.raw, p+1); brk {
				// An escaped line break joins the lines without a space.
				p, ok = s.fold(b.at+b.size, lineBreak{})
				break
			}
			var n int
			n, ok = s.escape(p)
			p += n
		case isBlank(c):
			q := p
			for q < len(s.raw) && isBlank(s.raw[q]) {
				q++
			}
			if b, brk := breakAt(s.raw, q); brk {
				p, ok = s.fold(q+b.size, b) // blanks before a break are dropped
			} else {
				ok = s.emitRaw(p, q)
				p = q
			}
		default:
			if b, brk := breakAt(s.raw, p); brk {
				p, ok = s.fold(p+b.size, b)
			} else {
				ok = s.emitRaw(p, p+1)
				p++
			}
		}
		if !ok {
			return p, false
		}
	}
	return p, true
}

// fold replays line folding after the leading break lead (zero after an
// escaped break) up to the next content at or after p: blanks are
// dropped, a lone "\n" becomes a space, and each empty line a "\n".
func (s *scanner) fold(p int, lead lineBreak) (int, bool) {
	var trailing []lineBreak
	for {
		for p < len(s.raw) && isBlank(s.raw[p]) {
			p++
		}
		b, ok := breakAt(s.raw, p)
		if !ok {
			break
		}
		trailing = append(trailing, b)
		p += b.size
	}
	if lead.norm == "\n" {
		if len(trailing) == 0 {
			return p, s.emit([]byte{' '}, -1)
		}
	} else if lead.size > 0 && !s.emitBreak(lead) {
		return p, false
	}
	for _, b := range trailing {
		if !s.emitBreak(b) {
			return p, false
		}
	}
	return p, true
}

// escapes maps yaml.v3's one-character escapes to what they stand for.
var escapes = [256]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n",
	'v': "\v", 'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"",
	'/': "/", '\'': "'", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
	'L': "\u2028", 'P': "\u2029",
}

// escape emits the escape sequence at raw[p] (a backslash) and returns its
// length. Every byte it stands for maps to the backslash.
func (s *scanner) escape(p int) (int, bool) {
	c := s.byteAt(p + 1)
	digits := 0
	switch c {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		e := escapes[c]
		return 2, e != "" && s.emit([]byte(e), p)
	}
	var r rune
	for k := 0; k < digits; k++ {
		d, ok := hexDigit(s.byteAt(p + 2 + k))
		if !ok {
			return 2, false
		}
		r = r<<4 | rune(d)
	}
	if !utf8.ValidRune(r) {
		return 2, false
	}
	return 2 + digits, s.emit(utf8.AppendRune(nil, r), p)
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// scanBlock maps a literal or folded block scalar whose indicator is at
// raw[at]. Its content indentation depends on the parent node, which the
// scalar's own bytes do not tell, so plausible indentations are tried in
// turn and the one that reproduces value wins.
func scanBlock(raw []byte, at int, value string, literal bool) []int {
	p, chomp, ok := blockHeader(raw, at)
	if !ok {
		return nil
	}
	s := newScanner(raw, value)
	if value == "" {
		s.offs[0] = at // nothing to point at but the indicator
		return s.offs
	}
	auto := autoIndent(raw, p)
	// Try the indentation yaml.v3 detects first, then smaller ones (an
	// indentation indicator); give up after a depth no real file has.
	// auto+1 stands for a parent deeper than the content, which leaves
	// the scalar with empty lines only.
	try := func(indent int) bool {
		return s.block(p, indent, chomp, literal) && s.done()
	}
	for indent := auto; indent >= max(1, auto-64); indent-- {
		if try(indent) {
			s.offs[len(value)] = s.end
			return s.offs
		}
	}
	if try(auto + 1) {
		s.offs[len(value)] = s.end
		return s.offs
	}
	return nil
}

// blockHeader reads the indicators, blanks and comment after the '|' or
// '>' at raw[at] and returns where the content starts and the chomping
// (-1 strip, 0 clip, +1 keep).
func blockHeader(raw []byte, at int) (p, chomp int, ok bool) {
	p = at + 1
	for ; p < len(raw) && p <= at+2 && strings.IndexByte("+-123456789", raw[p]) >= 0; p++ {
		switch raw[p] {
		case '+':
			chomp = 1
		case '-':
			chomp = -1
		}
	}
	for p < len(raw) && isBlank(raw[p]) {
		p++
	}
	if p < len(raw) && raw[p] == '#' {
		for p < len(raw) && raw[p] != 0 {
			if _, brk := breakAt(raw, p); brk {
				break
			}
			p++
		}
	}
	if p >= len(raw) || raw[p] == 0 {
		return p, chomp, true
	}
	b, brk := breakAt(raw, p)
	return p + b.size, chomp, brk
}

// autoIndent returns the content indentation yaml.v3 detects for a block
// scalar whose content starts at p, assuming the parent allows it: the
// indentation of the first non-empty line or of a deeper empty line
// before it.
func autoIndent(raw []byte, p int) int {
	indent := 1
	for p < len(raw) {
		col := 0
		for p < len(raw) && raw[p] == ' ' {
			p++
			col++
		}
		indent = max(indent, col)
		b, brk := breakAt(raw, p)
		if !brk {
			break
		}
		p += b.size
	}
	return indent
}

// block replays a block scalar with content from p at the given
// indentation, as yaml.v3's yaml_parser_scan_block_scalar does.
func (s *scanner) block(p, indent, chomp int, literal bool) bool {
	s.reset()
	var lead lineBreak
	var trailing []lineBreak
	p, col, ok := s.blockBreaks(p, indent, &trailing)
	leadingBlank := false
	for ok && col == indent && p < len(s.raw) && s.raw[p] != 0 {
		trailingBlank := isBlank(s.raw[p])
		if !literal && !leadingBlank && !trailingBlank && lead.norm == "\n" {
			// A line break between two plain lines folds into a space,
			// or disappears before empty lines.
			if len(trailing) == 0 && !s.emit([]byte{' '}, -1) {
				return false
			}
		} else if lead.size > 0 && !s.emitBreak(lead) {
			return false
		}
		for _, b := range trailing {
			if !s.emitBreak(b) {
				return false
			}
		}
		trailing = trailing[:0]
		leadingBlank = trailingBlank
		q := p
		for q < len(s.raw) && s.raw[q] != 0 {
			if _, brk := breakAt(s.raw, q); brk {
				break
			}
			q++
		}
		if !s.emitRaw(p, q) {
			return false
		}
		lead, _ = breakAt(s.raw, q)
		p, col, ok = s.blockBreaks(q+lead.size, indent, &trailing)
	}
	if chomp != -1 && lead.size > 0 && !s.emitBreak(lead) {
		return false
	}
	if chomp == 1 {
		for _, b := range trailing {
			if !s.emitBreak(b) {
				return false
			}
		}
	}
	return ok
}

// blockBreaks skips indentation and empty lines from p, collecting the
// empty lines' breaks, and returns the first non-empty position with its
// column. A tab inside the indentation is an error, as in yaml.v3.
func (s *scanner) blockBreaks(p, indent int, trailing *[]lineBreak) (int, int, bool) {
	for {
		col := 0
		for col < indent && p < len(s.raw) && s.raw[p] == ' ' {
			p++
			col++
		}
		if col < indent && p < len(s.raw) && s.raw[p] == '\t' {
			return p, col, false
		}
		b, brk := breakAt(s.raw, p)
		if !brk {
			return p, col, true
		}
		*trailing = append(*trailing, b)
		p += b.size
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
