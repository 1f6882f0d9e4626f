package cli

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
)

const mainUsage = `rgc compiles Skipper RouteGroups into Skipper's routing table.

Usage:
  rgc compile [flags] PATH...   print the routing table, as eskip or JSON
  rgc check [flags] PATH...     only check: print the diagnostics
  rgc serve [flags] PATH...     run Skipper on the table, recompiling on change
  rgc version                   print the versions of rgc and Skipper
  rgc help [command]            print help

PATH is a file, a directory (read recursively: *.yaml, *.yml, *.json) or -
for standard input. Run 'rgc help compile' for the flags.
`

// shortUsage follows a usage error; it takes the command twice.
const shortUsage = "usage: rgc %s [flags] PATH...\nRun 'rgc help %s' for the flags.\n"

var commandDoc = map[string]string{
	"compile": `Usage: rgc compile [flags] PATH...

Compile RouteGroups, with the Services, Endpoints and EndpointSlices they
use, into the routing table that Skipper's Kubernetes data client would build
from them. The table goes to standard output. Diagnostics go to standard
error, one per problem:

  file:line:col: severity: namespace/name: message [CODE]
  	at: path.in.the[0].object
  	hint: advice

followed by a summary line such as "2 errors, 1 warning". A route group with
errors loses the routes Skipper would drop; the others are printed in full.
`,
	"check": `Usage: rgc check [flags] PATH...

Check RouteGroups, with the Services, Endpoints and EndpointSlices they use,
and print the diagnostics to standard error, as rgc compile does, but no
routes. When the input holds no Service, Endpoints or EndpointSlice at all, a
service backend whose Service is missing is a warning, not an error, unless
-strict-services is set.

Check also runs the analyses (spec/rgc.md §10): every predicate and filter
against Skipper's registries, with its arguments; conflicts between route
groups (shared hosts, routes that match the same requests, unused
backends); and the policy flags. Text diagnostics show the source line with
a caret under the column; -o json and -o sarif print a JSON report or a
SARIF 2.1.0 log to standard output instead. -W and -Werror change the
severity of codes, and with it the exit status.
`,
}

const commonDoc = `
PATH is a file, a directory (read recursively: *.yaml, *.yml, *.json) or -
for standard input. Flags may come before, between or after the paths; --
ends them.

Exit status: 0 no errors; 1 some route group has errors; 2 usage error
(unknown flag, bad flag value, bad config file, no PATH); 3 I/O error
(missing file, unreadable directory or config file); 4 internal error.
`

func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	case len(args) == 1 && commandDoc[args[0]] != "":
		printCommandHelp(stdout, args[0])
		return exitOK
	case len(args) == 1 && (args[0] == "version" || args[0] == "help"):
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "rgc: no help for %q\n", strings.Join(args, " "))
	fmt.Fprint(stderr, mainUsage)
	return exitUsage
}

// printCommandHelp documents cmd and each of its flags with its default.
func printCommandHelp(w io.Writer, cmd string) {
	s, fs := newSettings(cmd)
	fmt.Fprint(w, commandDoc[cmd])
	fmt.Fprint(w, commonDoc)
	for _, g := range s.groups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, n := range g.names {
			printFlag(w, fs.Lookup(n))
		}
	}
	fmt.Fprint(w, "\nSkipper flags accepted and ignored, because they do not change the routes\nSkipper builds from route groups:\n")
	names := append(append([]string{}, ignoredBoolFlags...), ignoredValueFlags...)
	sort.Strings(names)
	printWrapped(w, names)
	fmt.Fprint(w, "\nSkipper flags rejected, because they change the routes in ways rgc does not\nmodel (in a -config file they are ignored with a warning):\n")
	names = names[:0]
	for n := range unsupportedFlags {
		names = append(names, n)
	}
	sort.Strings(names)
	printWrapped(w, names)
}

// printFlag prints f as flag.PrintDefaults does.
func printFlag(w io.Writer, f *flag.Flag) {
	name, usage := flag.UnquoteUsage(f)
	line := "  -" + f.Name
	if name != "" {
		line += " " + name
	}
	switch f.DefValue {
	case "", "false", "0":
	default:
		if _, ok := f.Value.(flag.Getter).Get().(string); ok {
			usage += fmt.Sprintf(" (default %q)", f.DefValue)
		} else {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
	}
	fmt.Fprintln(w, line)
	printWrappedText(w, "    \t", usage)
}

// printWrappedText prints text in lines of at most about 80 columns, each
// starting with indent (a tab counts as 8 columns).
func printWrappedText(w io.Writer, indent, text string) {
	width := 80 - len(strings.ReplaceAll(indent, "\t", "        "))
	// Split at single spaces, so that runs of spaces (a default of "  ")
	// survive.
	line, start := "", true
	for _, word := range strings.Split(text, " ") {
		if !start && len(line)+1+len(word) > width {
			fmt.Fprintln(w, indent+line)
			line, start = "", true
		}
		if !start {
			line += " "
		}
		line += word
		start = false
	}
	fmt.Fprintln(w, indent+line)
}

func printWrapped(w io.Writer, names []string) {
	line := " "
	for _, n := range names {
		if len(line)+2+len(n) > 78 {
			fmt.Fprintln(w, line)
			line = " "
		}
		line += " -" + n
	}
	fmt.Fprintln(w, line)
}

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version string

// versionString names rgc's version and the Skipper version whose
// semantics it implements.
func versionString() string {
	v, skipper := version, "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, d := range info.Deps {
			if d.Path == "github.com/zalando/skipper" {
				skipper = d.Version
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return fmt.Sprintf("rgc %s (skipper %s, %s)", v, skipper, runtime.Version())
}

// suggest returns the flag of fs closest to name, or "" when none is close.
func suggest(fs *flag.FlagSet, name string) string {
	best, bestD := "", len(name)/3+1
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
