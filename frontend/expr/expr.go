// Package expr parses the eskip expressions embedded in RouteGroups:
// predicate chains and filter chains, with positions mapped back into the
// YAML file.
package expr

import (
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

func (e *Error) Error() string { return e.Msg }

// ParsePredicates parses text as eskip predicates ("*" is none). m maps
// offsets to file positions and may be nil.
// TODO(expr helper): participle grammar.
func ParsePredicates(text string, m *src.OffsetMap) ([]*ir.Call, *Error) {
	return nil, &Error{Msg: "not implemented"}
}

// ParseFilters parses text as an eskip filter chain.
func ParseFilters(text string, m *src.OffsetMap) ([]*ir.Call, *Error) {
	return nil, &Error{Msg: "not implemented"}
}
