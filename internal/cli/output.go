package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/backend"
)

// writeRoutes prints the routing table as Skipper's eskip print does: one
// route definition per line ("id: predicates -> filters -> backend;"), or
// the pretty multi-line form with a blank line between routes, or with
// -o json a JSON array of Skipper's JSON routes. Unlike eskip print, text
// output ends with a newline and an empty table in JSON is [] (not null).
func writeRoutes(w io.Writer, routes []*eskip.Route, c cliOpts) error {
	bw := bufio.NewWriter(w)
	if c.output == "json" {
		if routes == nil {
			routes = []*eskip.Route{}
		}
		e := json.NewEncoder(bw)
		e.SetEscapeHTML(false)
		if c.pretty {
			e.SetIndent("", c.indent)
		}
		if err := e.Encode(routes); err != nil {
			return err
		}
	} else if len(routes) > 0 {
		// The back end's printer writes eskip.Fprint's bytes, faster.
		bw.Write(backend.Append(nil, eskip.PrettyPrintInfo{Pretty: c.pretty, IndentStr: c.indent}, routes...))
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// writeDiagnostics prints the diagnostics that c's verbosity lets through,
// each as Diagnostic.Text renders it, and a summary line counting them:
// errors and warnings by default, info too with -v, errors only with -q.
func writeDiagnostics(w io.Writer, diags rgc.Diagnostics, c cliOpts) error {
	least := rgc.Warning
	switch {
	case c.verbose:
		least = rgc.Info
	case c.quiet:
		least = rgc.Error
	}
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		if d.Severity >= least {
			fmt.Fprintln(bw, d.Text())
		}
	}
	if s := summary(diags, least); s != "" {
		fmt.Fprintln(bw, s)
	}
	return bw.Flush()
}

// summary counts the diagnostics of severity least and above: "2 errors, 1
// warning". It is empty when there are none.
func summary(diags rgc.Diagnostics, least rgc.Severity) string {
	var parts []string
	for _, s := range []struct {
		sev              rgc.Severity
		singular, plural string
	}{
		{rgc.Error, "error", "errors"},
		{rgc.Warning, "warning", "warnings"},
		{rgc.Info, "info", "info"},
	} {
		if s.sev < least {
			continue
		}
		switch n := diags.Count(s.sev); n {
		case 0:
		case 1:
			parts = append(parts, "1 "+s.singular)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, s.plural))
		}
	}
	return strings.Join(parts, ", ")
}
