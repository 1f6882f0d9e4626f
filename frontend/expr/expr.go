package expr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// Error is a syntax error in an expression.
type Error struct {
	Offset int      // byte offset in the expression string
	Span   src.Span // position in the file
	Exact  bool     // whether Span is exact or only the scalar's start
	Msg    string   // lower-case, one line
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// ParsePredicates parses text as eskip predicates joined by "&&". "*"
// stands for no predicate and is dropped, so "*", "" and a string of
// comments give no calls, as eskip.ParsePredicates does. m maps offsets to
// file positions and may be nil.
func ParsePredicates(text string, m *src.OffsetMap) ([]*ir.Call, *Error) {
	return Predicates(text).At(m)
}

// ParseFilters parses text as an eskip filter chain joined by "->". An
// empty string, or one of comments only, gives no calls.
func ParseFilters(text string, m *src.OffsetMap) ([]*ir.Call, *Error) {
	return Filters(text).At(m)
}

// Predicates parses text as ParsePredicates does, without placing it in a
// file: the result serves every occurrence of the same text.
func Predicates(text string) *Parsed { return parseText(text, "predicate") }

// Filters parses text as ParseFilters does, without placing it.
func Filters(text string) *Parsed { return parseText(text, "filter") }

func parseText(text, what string) *Parsed {
	p := newParse(text, what)
	if p == nil {
		return &Parsed{}
	}
	if calls, ok := p.fast(); ok {
		return &Parsed{calls: calls}
	}
	var calls []pcall
	var err *perr
	if what == "predicate" {
		calls, err = p.predicates()
	} else {
		calls, err = p.filters()
	}
	return &Parsed{calls: calls, err: err}
}

// predicates and filters parse with the participle grammar, the
// definition of the language; fast takes the common path and gives up on
// anything it does not accept, errors included, so that every message
// comes from the grammar.
func (p *parse) predicates() ([]pcall, *perr) {
	chain, err := predicateParser.ParseFromLexer(p.lexer())
	if err != nil {
		return nil, p.fail(err)
	}
	var calls []pcall
	for _, t := range chain.Terms {
		if t.Call != nil {
			calls = append(calls, p.call(t.Call))
		}
	}
	return calls, nil
}

func (p *parse) filters() ([]pcall, *perr) {
	chain, err := filterParser.ParseFromLexer(p.lexer())
	if err != nil {
		return nil, p.fail(err)
	}
	var calls []pcall
	for _, c := range chain.Calls {
		calls = append(calls, p.call(c))
	}
	return calls, nil
}

// parse is one parse of a text.
type parse struct {
	what string // "predicate" or "filter", for messages
	toks []lexer.Token
}

// newParse tokenizes text, or returns nil when it holds no token.
func newParse(text string, what string) *parse {
	// eskip trims Unicode white space (strings.TrimSpace) before lexing,
	// but its lexer skips only ASCII white space and the bytes 0x85 and
	// 0xA0 between tokens: "F()\u2000" is fine, "F()\u2000&&G()" is not.
	body := strings.TrimSpace(text)
	if body == "" {
		return nil
	}
	base := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
	toks := tokenize(body, base)
	if len(toks) == 1 {
		return nil // comments only
	}
	return &parse{what: what, toks: toks}
}

func (p *parse) lexer() *lexer.PeekingLexer {
	l, _ := lexer.Upgrade(&tokenList{toks: p.toks}) // tokenList never fails
	return l
}

func (p *parse) call(c *call) pcall {
	args := make([]lexer.Token, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.Tok
	}
	return newCall(c.Name, c.Close, args)
}

// newCall builds a call from its name, its closing parenthesis and its
// argument tokens.
func newCall(name, close lexer.Token, args []lexer.Token) pcall {
	out := pcall{name: name.Value, start: name.Pos.Offset, nameEnd: name.Pos.Offset + len(name.Value), end: close.Pos.Offset + len(close.Value)}
	if len(args) > 0 {
		out.args = make([]parg, len(args))
	}
	for i, a := range args {
		arg := parg{start: a.Pos.Offset, end: a.Pos.Offset + len(a.Value)}
		switch a.Type {
		case tokNumber:
			arg.Kind, arg.Num = ir.NumberArg, decodeNumber(a.Value)
		case tokString:
			arg.Kind, arg.Str = ir.StringArg, decodeString(a.Value)
		default:
			arg.Kind, arg.Str = ir.RegexpArg, decodeRegexp(a.Value)
		}
		out.args[i] = arg
	}
	return out
}

// fail turns participle's error into ours: the message names the token
// found and, from the token before it, what could have been there.
func (p *parse) fail(err error) *perr {
	var at int
	var unexpected *participle.UnexpectedTokenError
	var pe participle.Error
	switch {
	case errors.As(err, &unexpected):
		at = unexpected.Unexpected.Pos.Offset
	case errors.As(err, &pe):
		at = pe.Position().Offset
	default:
		return &perr{msg: "internal error: " + err.Error(), unplaced: true}
	}
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].Pos.Offset >= at })
	i = min(i, len(p.toks)-1)
	tok := p.toks[i]
	var prev *lexer.Token
	if i > 0 {
		prev = &p.toks[i-1]
	}
	return &perr{offset: tok.Pos.Offset, end: tok.Pos.Offset + len(tok.Value), msg: p.message(tok, prev)}
}

func (p *parse) message(tok lexer.Token, prev *lexer.Token) string {
	switch tok.Type {
	case tokBadNumber:
		return fmt.Sprintf("invalid number %q in %s, expected a digit after \".\"", tok.Value, p.what)
	case tokUnterminated:
		if tok.Value[0] == '/' {
			return fmt.Sprintf("unterminated regular expression %s in %s", quote(tok.Value), p.what)
		}
		return fmt.Sprintf("unterminated string %s in %s", quote(tok.Value), p.what)
	case lexer.EOF:
		return fmt.Sprintf("unexpected end of %s, expected %s", p.what, p.expected(prev))
	}
	return fmt.Sprintf("unexpected %s in %s, expected %s", quote(tok.Value), p.what, p.expected(prev))
}

// expected says what the grammar allows after prev (nil at the start).
func (p *parse) expected(prev *lexer.Token) string {
	switch {
	case prev == nil || prev.Value == "&&" || prev.Value == "->":
		if p.what == "predicate" {
			return `a predicate name or "*"`
		}
		return "a filter name"
	case prev.Type == tokIdent:
		return `"("`
	case prev.Value == "(":
		return `an argument or ")"`
	case prev.Value == ",":
		return "an argument"
	case prev.Type == tokNumber || prev.Type == tokString || prev.Type == tokRegexp:
		return `"," or ")"`
	case p.what == "predicate":
		return `"&&"` // after ")" or "*"
	}
	return `"->"`
}

// quote quotes user text for a message, shortened to keep it on one
// readable line.
func quote(s string) string {
	const max = 24
	if r := []rune(s); len(r) > max {
		return fmt.Sprintf("%q...", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}
