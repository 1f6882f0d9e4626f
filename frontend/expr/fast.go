package expr

import (
	"github.com/alecthomas/participle/v2/lexer"
)

// fast parses the tokens by the grammar of grammar.go written out by
// hand, for speed:
//
//	predicates = [ term { "&&" term } ]     term = "*" | call
//	filters    = [ call { "->" call } ]
//	call       = Ident "(" [ arg ] { "," arg } ")"
//
// It reports false at the first token the grammar does not allow there,
// and the caller parses again with participle, which explains the error:
// the grammar stays the definition, and this function only has to agree
// with it on what is accepted (TestFastAgrees holds it to that).
func (p *parse) fast() ([]pcall, bool) {
	toks := p.toks
	pred := p.what == "predicate"
	sep := "->"
	if pred {
		sep = "&&"
	}
	var calls []pcall
	var args [8]lexer.Token
	i := 0
	for {
		if pred && isPunct(toks[i], "*") {
			i++
		} else {
			if toks[i].Type != tokIdent || !isPunct(toks[i+1], "(") {
				return nil, false
			}
			name := toks[i]
			i += 2
			as := args[:0]
			if isArg(toks[i]) {
				as = append(as, toks[i])
				i++
			}
			for isPunct(toks[i], ",") {
				if !isArg(toks[i+1]) {
					return nil, false
				}
				as = append(as, toks[i+1])
				i += 2
			}
			if !isPunct(toks[i], ")") {
				return nil, false
			}
			calls = append(calls, newCall(name, toks[i], as))
			i++
		}
		switch {
		case toks[i].Type == lexer.EOF:
			return calls, true
		case !isPunct(toks[i], sep):
			return nil, false
		}
		i++
	}
}

// isPunct and isArg look at a token; the token list ends with EOF, which
// is neither, so the parser never reads past it.
func isPunct(t lexer.Token, v string) bool { return t.Type == tokPunct && t.Value == v }

func isArg(t lexer.Token) bool {
	return t.Type == tokNumber || t.Type == tokString || t.Type == tokRegexp
}
