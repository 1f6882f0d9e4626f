package expr

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar, in participle's notation:
//
//	predicates = [ term { "&&" term } ]
//	term       = "*" | call
//	filters    = [ call { "->" call } ]
//	call       = Ident "(" [ arg ] { "," arg } ")"
//	arg        = Number | String | Regexp
//
// Two of eskip's oddities are in it on purpose. The argument list may
// start with a comma, "F(, 1)", because eskip's yacc rule allows an empty
// first argument before "," (but not "F(,)" nor "F(1,)"). And an empty
// chain, or one made of comments only, is accepted.

type predicateChain struct {
	Terms []*predicateTerm `parser:"( @@ ( \"&&\" @@ )* )?"`
}

type predicateTerm struct {
	Any  bool  `parser:"  @\"*\""`
	Call *call `parser:"| @@"`
}

type filterChain struct {
	Calls []*call `parser:"( @@ ( \"->\" @@ )* )?"`
}

type call struct {
	Name  lexer.Token `parser:"@Ident \"(\""`
	Args  []*arg      `parser:"@@? ( \",\" @@ )*"`
	Close lexer.Token `parser:"@\")\""`
}

// arg keeps the token: its first byte tells the kind (a digit or '.', a
// quote or backquote, a slash).
type arg struct {
	Tok lexer.Token `parser:"@(Number | String | Regexp)"`
}

// Built once: building reflects over the grammar. The grammar is LL(1),
// so no lookahead: a branch that has consumed a token and then fails is an
// error at the failing token, not a backtrack that would blame an earlier
// one ("F(1,)" is missing an argument at ")", not a stray ",").
var (
	predicateParser = participle.MustBuild[predicateChain](participle.Lexer(definition{}), participle.UseLookahead(0))
	filterParser    = participle.MustBuild[filterChain](participle.Lexer(definition{}), participle.UseLookahead(0))
)
