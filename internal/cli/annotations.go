package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// valueError is a syntax error in a flag or config value. It shows the
// value with a caret under the offending column when it knows one.
type valueError struct {
	from  string // "-flag-name" or "file:line:col: key"
	msg   string
	value string
	col   int // 1-based rune column in value; 0 when unknown
}

func (e *valueError) Error() string {
	s := e.from + ": " + e.msg
	if e.col > 0 && !strings.ContainsAny(e.value, "\n\t") {
		s += "\n\t" + e.value + "\n\t" + strings.Repeat(" ", e.col-1) + "^"
	}
	return s
}

// parsePredicates parses the predicates of e.text starting at byte offset
// start, as Skipper's eskip.ParsePredicates: blank means none.
func parsePredicates(e entry, start int) ([]*ir.Call, error) {
	return parseExpr(e, start, "predicates", expr.ParsePredicates)
}

// parseFilters parses the filters of e.text starting at byte offset start,
// as Skipper's eskip.ParseFilters: blank means none.
func parseFilters(e entry, start int) ([]*ir.Call, error) {
	return parseExpr(e, start, "filters", expr.ParseFilters)
}

func parseExpr(e entry, start int, what string, parse func(string, *src.OffsetMap) ([]*ir.Call, *expr.Error)) ([]*ir.Call, error) {
	text := e.text[start:]
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		return nil, nil
	}
	lead := start + strings.Index(text, trimmed)
	calls, perr := parse(trimmed, nil)
	if perr != nil {
		off := min(max(lead+perr.Offset, 0), len(e.text))
		return nil, &valueError{
			from:  e.from,
			msg:   fmt.Sprintf("invalid %s in %q: %s", what, e.text, perr.Msg),
			value: e.text,
			col:   utf8.RuneCountInString(e.text[:off]) + 1,
		}
	}
	return calls, nil
}

// annotationPredicates parses -kubernetes-annotation-predicates entries,
// key=value=predicates, as Skipper's parseAnnotationPredicates.
func annotationPredicates(entries []entry) ([]passes.AnnotationPredicates, error) {
	var out []passes.AnnotationPredicates
	err := annotationConfig(entries, func(e entry, key, value string, start int) error {
		calls, err := parsePredicates(e, start)
		if err == nil {
			out = append(out, passes.AnnotationPredicates{Key: key, Value: value, Predicates: calls})
		}
		return err
	})
	return out, err
}

// annotationFilters parses -kubernetes-annotation-filters-append entries,
// key=value=filters, as Skipper's parseAnnotationFilters.
func annotationFilters(entries []entry) ([]passes.AnnotationFilters, error) {
	var out []passes.AnnotationFilters
	err := annotationConfig(entries, func(e entry, key, value string, start int) error {
		calls, err := parseFilters(e, start)
		if err == nil {
			out = append(out, passes.AnnotationFilters{Key: key, Value: value, Filters: calls})
		}
		return err
	})
	return out, err
}

// annotationConfig mirrors Skipper's parseAnnotationConfig: it skips empty
// entries, splits the others at the first two "=", parses the rest with
// parse (start is its byte offset in the entry), and then rejects a
// key=value pair seen before.
func annotationConfig(entries []entry, parse func(e entry, key, value string, start int) error) error {
	seen := map[string]bool{}
	for _, e := range entries {
		if e.text == "" {
			continue
		}
		key, rest, ok := strings.Cut(e.text, "=")
		if !ok {
			return &valueError{from: e.from, msg: fmt.Sprintf("invalid annotation flag %q: no \"=\" after the annotation key, want key=value=expression", e.text)}
		}
		value, _, ok := strings.Cut(rest, "=")
		if !ok {
			return &valueError{from: e.from, msg: fmt.Sprintf("invalid annotation flag %q: no \"=\" after the annotation value, want key=value=expression", e.text)}
		}
		if err := parse(e, key, value, len(key)+1+len(value)+1); err != nil {
			return err
		}
		kv := key + "=" + value
		if seen[kv] {
			return &valueError{from: e.from, msg: fmt.Sprintf("invalid annotation flag %q: duplicate annotation key-value %q", e.text, kv)}
		}
		seen[kv] = true
	}
	return nil
}
