package expr

import (
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// Parsed is a parsed text with offsets relative to the text: the same
// predicates or filters often occur many times (in many route groups), and
// one parse serves them all; At places it in a file.
type Parsed struct {
	calls []pcall
	err   *perr
}

// pcall and parg are a call and an argument with offsets in the text.
type pcall struct {
	name                string
	start, nameEnd, end int
	args                []parg
}

type parg struct {
	ir.Arg     // without Src
	start, end int
}

// perr is a syntax error at [offset, end) of the text; unplaced for an
// error of the parser itself.
type perr struct {
	offset, end int
	msg         string
	unplaced    bool
}

// Locator maps offsets in a text to its span in the file, and tells
// whether the span is exact. *src.OffsetMap is one, and may be nil.
type Locator interface {
	Span(start, end int) (src.Span, bool)
}

// At returns the calls, with spans from loc, or the syntax error. Each
// call returns new calls: the caller owns them.
func (p *Parsed) At(loc Locator) ([]*ir.Call, *Error) {
	if p.err != nil {
		e := &Error{Offset: p.err.offset, Msg: p.err.msg}
		if !p.err.unplaced {
			e.Span, e.Exact = loc.Span(p.err.offset, p.err.end)
		}
		return nil, e
	}
	if len(p.calls) == 0 {
		return nil, nil
	}
	calls := make([]*ir.Call, len(p.calls))
	block := make([]ir.Call, len(p.calls))
	for i, c := range p.calls {
		out := &block[i]
		out.Name = c.name
		out.NameSrc, _ = loc.Span(c.start, c.nameEnd)
		out.Src, _ = loc.Span(c.start, c.end)
		if len(c.args) > 0 {
			out.Args = make([]ir.Arg, len(c.args))
			for j, a := range c.args {
				out.Args[j] = a.Arg
				out.Args[j].Src, _ = loc.Span(a.start, a.end)
			}
		}
		calls[i] = out
	}
	return calls, nil
}
