package frontend

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/internal/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// exprKind tells predicates entries from filters entries; each has its own
// parser, codes and advice.
type exprKind struct {
	noun, nouns    string
	syntax, single diag.Code
	hint, split    string
	parse          func(string, *src.OffsetMap) ([]*ir.Call, *expr.Error)
}

var (
	predicateExprs = &exprKind{
		noun: "predicate", nouns: "predicates",
		syntax: diag.PredicateSyntax, single: diag.SinglePredicateExpected,
		hint:  `predicates look like Name(arg, ...), e.g. Header("X-Foo", "bar")`,
		split: `Skipper accepts one predicate per entry; put each predicate of "A && B" into its own list item`,
		parse: expr.ParsePredicates,
	}
	filterExprs = &exprKind{
		noun: "filter", nouns: "filters",
		syntax: diag.FilterSyntax, single: diag.SingleFilterExpected,
		hint:  `filters look like name(arg, ...), e.g. setRequestHeader("X-Foo", "bar")`,
		split: `Skipper accepts one filter per entry; put each filter of "a -> b" into its own list item`,
		parse: expr.ParseFilters,
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
	base := join(path, key)
	out := make([]*ir.Expr, 0, len(items))
	for i, it := range items {
		e := &ir.Expr{Path: index(base, i)}
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
		m := src.NewOffsetMap(o.l.file, o.l.scalarPos(n), scalarStyle(n), text)
		calls, err := k.parse(text, m)
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
	d := o.l.diags.Addf(diag.Error, k.single, e.Text.Src, o.group, "%s entry holds %d %s, expected one", k.nouns, len(e.Calls), k.nouns)
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
	d := o.l.diags.Addf(diag.Error, k.syntax, span, o.group, "%s", msg)
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
