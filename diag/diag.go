// Package diag defines diagnostics: problems found in the input, reported as
// values with a severity, a stable code, a source span, the route group they
// belong to, a path into the document, a message and an optional hint.
//
// A Diagnostic is never an error of rgc itself: I/O failures and bugs are
// returned as Go errors. List.Err turns a list into an error at the API
// boundary when a caller wants one.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/go-multierror"

	"github.com/rgc-dev/rgc/internal/src"
)

// Severity orders diagnostics by how much they matter.
type Severity int

// The severities, least first.
const (
	Info Severity = iota
	Warning
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Diagnostic is one problem in the input.
type Diagnostic struct {
	Severity Severity
	Code     Code
	Span     src.Span
	// Group is "namespace/name" of the route group (or object) the problem
	// belongs to; empty when it belongs to no object (for example a YAML
	// syntax error between documents).
	Group string
	// Path is the path into the object, e.g. spec.routes[1].predicates[0].
	Path    string
	Message string
	Hint    string
}

// Error renders d on one line, so that a Diagnostic can travel as an error.
func (d Diagnostic) Error() string { return d.Line() }

// Line renders the first line of d:
// file:line:col: severity: namespace/name: message [CODE]
func (d Diagnostic) Line() string {
	var b strings.Builder
	if d.Span.File != nil {
		b.WriteString(d.Span.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Group != "" {
		b.WriteString(d.Group)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Code != "" {
		b.WriteString(" [")
		b.WriteString(string(d.Code))
		b.WriteString("]")
	}
	return b.String()
}

// Text renders d with its path and hint on indented lines below the first.
func (d Diagnostic) Text() string {
	var b strings.Builder
	b.WriteString(d.Line())
	if d.Path != "" {
		b.WriteString("\n\tat: ")
		b.WriteString(d.Path)
	}
	if d.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(sev Severity, code Code, span src.Span, group, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: sev, Code: code, Span: span, Group: group, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of diagnostics of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders l by file, position, code and message, so that output does
// not depend on the order in which passes found the problems.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Span.FileName() != b.Span.FileName() {
			return a.Span.FileName() < b.Span.FileName()
		}
		if a.Span.Start.Offset != b.Span.Start.Offset {
			return a.Span.Start.Offset < b.Span.Start.Offset
		}
		if a.Span.Start.Line != b.Span.Start.Line {
			return a.Span.Start.Line < b.Span.Start.Line
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Err returns nil when l holds no error, and otherwise an error wrapping
// every error diagnostic, one per line, in a stable format.
func (l List) Err() error {
	var m *multierror.Error
	for _, d := range l {
		if d.Severity == Error {
			m = multierror.Append(m, d)
		}
	}
	if m == nil {
		return nil
	}
	m.ErrorFormat = func(es []error) string {
		lines := make([]string, len(es))
		for i, e := range es {
			lines[i] = e.Error()
		}
		return strings.Join(lines, "\n")
	}
	return m
}

// ForGroup returns the diagnostics that belong to group.
func (l List) ForGroup(group string) List {
	var out List
	for _, d := range l {
		if d.Group == group {
			out = append(out, d)
		}
	}
	return out
}
