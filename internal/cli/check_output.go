package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rgc-dev/rgc"
)

// writeReport prints the diagnostics of a compilation: for compile as
// writeDiagnostics does; for check in the -o format, text to standard
// error, json, sarif and github to standard output.
func writeReport(cmd string, stdout, stderr io.Writer, res *rgc.Result, c cliOpts) error {
	if cmd != "check" {
		return writeDiagnostics(stderr, res.Diagnostics, c)
	}
	switch c.output {
	case "json":
		return writeJSONReport(stdout, res)
	case "sarif":
		return writeSARIF(stdout, res)
	case "github":
		return writeGitHub(stdout, res.Diagnostics, c)
	}
	return writeCheckText(stderr, res.Diagnostics, c, useColor(stderr, c.color))
}

// writeCheckText prints each diagnostic that c's verbosity lets through
// as Diagnostic.Text does, with the source line and a caret under the
// column after the first line (indented by a tab, as the path and hint),
// then the summary:
//
//	in.yaml:14:16: error: team/app: unknown filter "setPth" [RG501]
//		    filters: ['setPth("/")']
//		               ^~~~~~
//		at: spec.routes[0].filters[0]
//		hint: did you mean "setPath"?
func writeCheckText(w io.Writer, diags rgc.Diagnostics, c cliOpts, color bool) error {
	least := rgc.Warning
	switch {
	case c.verbose:
		least = rgc.Info
	case c.quiet:
		least = rgc.Error
	}
	p := palette{on: color}
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		if d.Severity < least {
			continue
		}
		line := d.Line()
		if color {
			line = p.firstLine(d)
		}
		fmt.Fprintln(bw, line)
		if src, caret, ok := excerpt(d); ok {
			fmt.Fprintln(bw, "\t"+src)
			fmt.Fprintln(bw, "\t"+p.paint(green, caret))
		}
		if d.Path != "" {
			fmt.Fprintf(bw, "\tat: %s\n", d.Path)
		}
		if d.Hint != "" {
			fmt.Fprintf(bw, "\thint: %s\n", d.Hint)
		}
	}
	if s := summary(diags, least); s != "" {
		fmt.Fprintln(bw, s)
	}
	return bw.Flush()
}

// excerpt returns the source line of d and a caret line under its column:
// ^ and a ~ for each further column of the span when it ends on the same
// line. Tabs before the column are kept, so that the caret lines up.
func excerpt(d rgc.Diagnostic) (string, string, bool) {
	s := d.Span
	if !s.IsValid() || len(s.File.Content) == 0 {
		return "", "", false
	}
	text := s.File.Line(s.Start.Line)
	runes := []rune(text)
	col := s.Start.Col
	if col < 1 || col > len(runes)+1 || strings.TrimSpace(text) == "" {
		return "", "", false
	}
	var b strings.Builder
	for _, r := range runes[:col-1] {
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	if e := s.End; e.IsValid() && e.Line == s.Start.Line && e.Col > col+1 {
		b.WriteString(strings.Repeat("~", min(e.Col, len(runes)+1)-col-1))
	}
	return text, b.String(), true
}

// useColor decides -color auto: colour when w is a terminal, NO_COLOR is
// unset and TERM is not dumb.
func useColor(w io.Writer, mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// ANSI colours.
const (
	bold    = "\x1b[1m"
	red     = "\x1b[1;31m"
	yellow  = "\x1b[1;33m"
	cyan    = "\x1b[1;36m"
	green   = "\x1b[32m"
	noColor = "\x1b[0m"
)

type palette struct{ on bool }

func (p palette) paint(color, s string) string {
	if !p.on || s == "" {
		return s
	}
	return color + s + noColor
}

// firstLine renders Diagnostic.Line with the position in bold and the
// severity in its colour.
func (p palette) firstLine(d rgc.Diagnostic) string {
	sev := map[rgc.Severity]string{rgc.Error: red, rgc.Warning: yellow, rgc.Info: cyan}[d.Severity]
	var b strings.Builder
	if d.Span.File != nil {
		b.WriteString(p.paint(bold, d.Span.String()+":"))
		b.WriteByte(' ')
	}
	b.WriteString(p.paint(sev, d.Severity.String()+":"))
	b.WriteByte(' ')
	if d.Group != "" {
		b.WriteString(d.Group + ": ")
	}
	b.WriteString(d.Message)
	if d.Code != "" {
		b.WriteString(" [" + string(d.Code) + "]")
	}
	return b.String()
}
