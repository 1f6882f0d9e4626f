package expr

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// The lexer is written by hand rather than with lexer.MustSimple because
// eskip lexes bytes, not runes: it skips the single bytes 0x85 and 0xA0 as
// white space even where they are not UTF-8, and a regular expression
// literal ends at the first unescaped '/' outside a [...] class, which is
// state a Go regexp cannot carry. A hand-written scanner says both plainly
// and is faster.
//
// Token values are the raw text (quotes and slashes included); decode*
// turn them into eskip values. Keeping the raw text lets the spans cover
// the whole literal, and keeps a string "(" from looking like the "("
// punctuation to the grammar.
const (
	tokIdent lexer.TokenType = iota + 1
	tokNumber
	tokString
	tokRegexp
	tokPunct
	// The lexer never fails. Text it cannot read becomes one of the bad
	// tokens below, the last before EOF; no grammar rule accepts them, so
	// the parser reports them where it meets them. That is the order eskip
	// reports problems in: its lexer runs lazily, behind the parser.
	tokInvalid      // a byte no token starts with
	tokBadNumber    // a number ending in "."
	tokUnterminated // a string or regular expression without its closing delimiter
)

// definition is the participle lexer definition. ParsePredicates and
// ParseFilters tokenize before parsing (they need the tokens to explain
// errors); Lex is here for participle.
type definition struct{}

// Symbols builds its map on each call rather than reading a package
// variable: participle calls it while the package's parsers are being
// initialized, which may be before such a variable is.
func (definition) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":          lexer.EOF,
		"Ident":        tokIdent,
		"Number":       tokNumber,
		"String":       tokString,
		"Regexp":       tokRegexp,
		"Punct":        tokPunct,
		"Invalid":      tokInvalid,
		"BadNumber":    tokBadNumber,
		"Unterminated": tokUnterminated,
	}
}

func (d definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

func (definition) LexString(_ string, s string) (lexer.Lexer, error) {
	return &tokenList{toks: tokenize(s, 0)}, nil
}

// tokenList replays tokens to participle.
type tokenList struct {
	toks []lexer.Token
	i    int
}

func (l *tokenList) Next() (lexer.Token, error) {
	if l.i >= len(l.toks) {
		return l.toks[len(l.toks)-1], nil // EOF, again
	}
	t := l.toks[l.i]
	l.i++
	return t, nil
}

// tokenize splits text into tokens ending with EOF. Offsets are byte
// offsets in text plus base.
func tokenize(text string, base int) []lexer.Token {
	toks := make([]lexer.Token, 0, 16)
	for i := 0; ; {
		i = skipSpace(text, i)
		if i >= len(text) {
			return append(toks, lexer.EOFToken(lexer.Position{Offset: base + i}))
		}
		typ, n := scan(text[i:])
		if typ == 0 { // a comment
			i += n
			continue
		}
		toks = append(toks, lexer.Token{Type: typ, Value: text[i : i+n], Pos: lexer.Position{Offset: base + i}})
		i += n
		if typ >= tokInvalid {
			return append(toks, lexer.EOFToken(lexer.Position{Offset: base + len(text)}))
		}
	}
}

func skipSpace(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case ' ', '\n', '\t', '\v', '\f', '\r', 0x85, 0xA0:
		default:
			return i
		}
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// scan returns the type and length of the token at the start of s, which
// is not empty and does not start with white space; type 0 is a comment.
func scan(s string) (lexer.TokenType, int) {
	c := s[0]
	switch {
	case c == '(' || c == ')' || c == ',' || c == '*':
		return tokPunct, 1
	case c == '&' && strings.HasPrefix(s, "&&"), c == '-' && strings.HasPrefix(s, "->"):
		return tokPunct, 2
	case c == '/' && strings.HasPrefix(s, "//"):
		if n := strings.IndexByte(s, '\n'); n >= 0 {
			return 0, n
		}
		return 0, len(s)
	case c == '/' && len(s) > 1:
		return scanRegexp(s)
	case c == '"' || c == '`':
		return scanString(s)
	case isDigit(c) || c == '.':
		return scanNumber(s)
	case isAlpha(c) || c == '_':
		n := 1
		for n < len(s) && (isAlpha(s[n]) || isDigit(s[n]) || s[n] == '_') {
			n++
		}
		return tokIdent, n
	}
	// Includes ':', ';', '<' and '>', which eskip lexes for route
	// documents but no predicate or filter chain can hold, and a lone '/'
	// at the very end, which eskip calls an invalid character.
	_, n := utf8.DecodeRuneInString(s)
	return tokInvalid, n
}

// scanNumber reads digits with at most one '.', which must not be last:
// eskip has no sign, exponent or hexadecimal form.
func scanNumber(s string) (lexer.TokenType, int) {
	dot := false
	n := 0
	for ; n < len(s); n++ {
		if s[n] == '.' {
			if dot {
				break
			}
			dot = true
		} else if !isDigit(s[n]) {
			break
		}
	}
	if s[n-1] == '.' {
		return tokBadNumber, n
	}
	return tokNumber, n
}

// scanString reads a string delimited by s[0]; a backslash escapes any
// byte, including a line break.
func scanString(s string) (lexer.TokenType, int) {
	escaped := false
	for i := 1; i < len(s); i++ {
		switch {
		case escaped:
			escaped = false
		case s[i] == s[0]:
			return tokString, i + 1
		case s[i] == '\\':
			escaped = true
		}
	}
	return tokUnterminated, len(s)
}

// scanRegexp reads /.../. A '/' inside a [...] class does not end it, and
// an escaped '[' or ']' neither opens nor closes a class.
func scanRegexp(s string) (lexer.TokenType, int) {
	escaped, class := false, false
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = true
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			return tokRegexp, i + 1
		}
	}
	return tokUnterminated, len(s)
}

// decodeNumber converts a number token as eskip does; the lexer has
// already checked the form, so the only possible error is a value out of
// range, which eskip ignores and so do we (it becomes ±Inf).
func decodeNumber(raw string) float64 {
	f, _ := strconv.ParseFloat(raw, 64)
	return f
}

// decodeString undoes eskip's string escapes: \a \b \f \n \r \t \v, the
// delimiter and the backslash; a backslash before anything else stays.
func decodeString(raw string) string {
	body := raw[1 : len(raw)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++ // the token ends with an unescaped delimiter, so body[i] exists
		switch c = body[i]; c {
		case 'a':
			c = '\a'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'v':
			c = '\v'
		case raw[0], '\\':
		default:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// decodeRegexp returns the source of a /.../ literal as eskip holds it:
// "\/" becomes "/" and, surprisingly, "\\" becomes "\" (so /a\\d/ is the
// regexp a\d); every other escape is kept as written for the regexp
// engine. We replicate this rather than fix it: the value must be
// Skipper's.
func decodeRegexp(raw string) string {
	body := raw[1 : len(raw)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' {
			i++
			if c = body[i]; c != '/' && c != '\\' {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
