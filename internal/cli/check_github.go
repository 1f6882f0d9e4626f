package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/rgc-dev/rgc"
)

// writeGitHub prints each diagnostic as a GitHub Actions workflow command,
// which the runner turns into an annotation on the file and line:
//
//	::error file=routes.yaml,line=14,col=16,title=RG501::team/app: unknown filter "setPth"%0Ahint: did you mean "setPath"?
//
// Infos are printed (as notices) only with -v, as in the text format.
func writeGitHub(w io.Writer, diags rgc.Diagnostics, c cliOpts) error {
	least := rgc.Warning
	switch {
	case c.verbose:
		least = rgc.Info
	case c.quiet:
		least = rgc.Error
	}
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		if d.Severity < least {
			continue
		}
		level := "notice"
		switch d.Severity {
		case rgc.Error:
			level = "error"
		case rgc.Warning:
			level = "warning"
		}
		var props []string
		if d.Span.File != nil {
			props = append(props, "file="+ghProperty(d.Span.File.Name))
			if d.Span.Start.IsValid() {
				props = append(props, fmt.Sprintf("line=%d,col=%d", d.Span.Start.Line, d.Span.Start.Col))
			}
		}
		props = append(props, "title="+ghProperty(string(d.Code)))
		msg := d.Message
		if d.Group != "" {
			msg = d.Group + ": " + msg
		}
		if d.Path != "" {
			msg += "\nat: " + d.Path
		}
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message as the runner unescapes it.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value, where ":" and "," end the value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
