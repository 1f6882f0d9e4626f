package frontend

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// exprKind tells predicates entries from filters entries; each has its own
// parser, codes and advice.
type exprKind struct {
	noun, nouns    string
	syntax, single diag.Code
	hint, split    string
	parse          func(string) *expr.Parsed
	pred           bool // for the parse cache
}

var (
	predicateExprs = &exprKind{
		noun: "predicate", nouns: "predicates",
		syntax: diag.PredicateSyntax, single: diag.SinglePredicateExpected,
		hint:  `predicates look like Name(arg, ...), e.g. Header("X-Foo", "bar")`,
		split: `Skipper accepts one predicate per entry; put each predicate of "A && B" into its own list item`,
		parse: expr.Predicates, pred: true,
	}
	filterExprs = &exprKind{
		noun: "filter", nouns: "filters",
		syntax: diag.FilterSyntax, single: diag.SingleFilterExpected,
		hint:  `filters look like name(arg, ...), e.g. setRequestHeader("X-Foo", "bar")`,
		split: `Skipper accepts one filter per entry; put each filter of "a -> b" into its own list item`,
		parse: expr.Filters,
	}
)

// exprs decodes a route's predicates or filters. Each entry must be a
// string holding exactly one predicate or filter: Skipper's route group
// validator parses every entry and rejects the group when one fails or
// holds more or fewer than one.
func (o *obj) exprs(n *yaml.Node, path, key string, k *exprKind) []*ir.Expr {
	items, _ := o.seq(n, path, key)
	if len(items) == 0 {
		return nil
	}
	base := o.l.join(path, key)
	out := make([]*ir.Expr, 0, len(items))
	for i, it := range items {
		e := &ir.Expr{Path: o.l.index(base, i)}
		out = append(out, e)
		it = resolve(it)
		if !isString(it) {
			e.Bad = true
			e.Text.Src = o.l.span(it)
			if isNull(it) {
				o.errorf(diag.WrongType, it, e.Path, "%s[%d]: expected a string, got null", key, i).Hint =
					"remove the empty item"
			} else {
				o.strValue(it, path, fmt.Sprintf("%s[%d]", key, i)) // reports
			}
			continue
		}
		e.Text = ir.Str{V: it.Value, Src: o.l.span(it)}
		o.parseExpr(e, it, k)
	}
	return out
}

func (o *obj) parseExpr(e *ir.Expr, n *yaml.Node, k *exprKind) {
	text := n.Value
	if strings.TrimSpace(text) != "" {
		// Skipper's ParsePredicates and ParseFilters return nothing for
		// blank text without parsing it; the count check below reports it.
		calls, err := o.l.parsed(k, text).At(o.l.locate(n, text))
		if err != nil {
			o.exprError(e, err, k)
			return
		}
		e.Calls = dropAny(calls)
	}
	if len(e.Calls) == 1 {
		return
	}
	e.Bad = true
	d := o.l.diags.Addf(diag.Error, k.single, e.Text.Src, o.id(), "%s entry holds %d %s, expected one", k.nouns, len(e.Calls), k.nouns)
	o.errors++
	d.Path = e.Path
	switch {
	case len(e.Calls) > 1:
		d.Hint = k.split
	case strings.TrimSpace(text) == "*":
		d.Message = fmt.Sprintf(`%s entry "*" holds no %s`, k.nouns, k.noun)
		d.Hint = `"*" matches any request and Skipper drops it, leaving the entry empty; remove the entry`
	default:
		d.Message = fmt.Sprintf("%s entry %q holds no %s", k.nouns, text, k.noun)
		d.Hint = "remove the empty entry"
	}
}

// dropAny removes the catch-all "*" that Skipper's ParsePredicates drops,
// should the parser return it.
func dropAny(calls []*ir.Call) []*ir.Call {
	for i, c := range calls {
		if c.Name == "*" {
			out := append([]*ir.Call(nil), calls[:i]...)
			for _, c := range calls[i+1:] {
				if c.Name != "*" {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return calls
}

func (o *obj) exprError(e *ir.Expr, err *expr.Error, k *exprKind) {
	e.Bad = true
	span := err.Span
	if !span.IsValid() {
		span = e.Text.Src
	}
	msg := err.Msg
	if !err.Exact {
		msg += fmt.Sprintf(" (at offset %d in the string)", err.Offset)
	}
	d := o.l.diags.Addf(diag.Error, k.syntax, span, o.id(), "%s", msg)
	o.errors++
	d.Path = e.Path
	d.Hint = k.hint
}

func scalarStyle(n *yaml.Node) src.ScalarStyle {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return src.DoubleQuoted
	case n.Style&yaml.SingleQuotedStyle != 0:
		return src.SingleQuoted
	case n.Style&yaml.LiteralStyle != 0:
		return src.Literal
	case n.Style&yaml.FoldedStyle != 0:
		return src.Folded
	}
	return src.Plain
}

// exprKey identifies a parsed text in the loader's cache.
type exprKey struct {
	pred bool
	text string
}

// parsed parses text once per load: route groups repeat the same
// predicates and filters, and expr.Parsed holds no positions.
func (l *loader) parsed(k *exprKind, text string) *expr.Parsed {
	key := exprKey{k.pred, text}
	if p, ok := l.exprs[key]; ok {
		return p
	}
	p := k.parse(text)
	if l.exprs == nil {
		l.exprs = map[exprKey]*expr.Parsed{}
	}
	l.exprs[key] = p
	return p
}

// locate returns where the offsets of text, the value of scalar n, are in
// the file: src.OffsetMap in general; by arithmetic when the value is the
// scalar's text verbatim on one line (the map's shift case, which it
// answers with the same positions, exact).
func (l *loader) locate(n *yaml.Node, text string) expr.Locator {
	start := l.scalarPos(n)
	style := scalarStyle(n)
	at, col := start.Offset, start.Col
	var quote byte
	switch style {
	case src.SingleQuoted:
		quote = '\''
	case src.DoubleQuoted:
		quote = '"'
	case src.Plain:
	default:
		return src.NewOffsetMap(l.file, start, style, text)
	}
	b := l.file.Content
	if quote != 0 {
		if at >= len(b) || b[at] != quote {
			return src.NewOffsetMap(l.file, start, style, text)
		}
		at, col = at+1, col+1
	}
	if !verbatim(b[at:], text, quote) {
		return src.NewOffsetMap(l.file, start, style, text)
	}
	return &lineLocator{file: l.file, line: start.Line, col: col, off: at, text: text, ascii: isASCII(text)}
}

// verbatim reports whether raw starts with value written as is: equal
// bytes, and nothing in value that a scalar of this quoting could have
// transformed (src.OffsetMap's literalPrefix).
func verbatim(raw []byte, value string, quote byte) bool {
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lineLocator places offsets of a text written verbatim on one line,
// starting at line:col (offset off).
type lineLocator struct {
	file           *src.File
	line, col, off int
	text           string
	ascii          bool
}

func (c *lineLocator) Span(start, end int) (src.Span, bool) {
	return src.Span{File: c.file, Start: c.pos(start), End: c.pos(end)}, true
}

// pos clamps k to the text, as src.OffsetMap.Pos does.
func (c *lineLocator) pos(k int) src.Pos {
	k = max(0, min(k, len(c.text)))
	col := c.col + k
	if !c.ascii {
		col = c.col + utf8.RuneCountInString(c.text[:k])
	}
	return src.Pos{Line: c.line, Col: col, Offset: c.off + k}
}
