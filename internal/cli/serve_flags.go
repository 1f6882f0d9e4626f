package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/serve"
)

// serveRejected are Skipper flags that add route sources: rgc serve routes
// with the compiled input only.
var serveRejected = map[string]string{
	"routes-file":   "rgc serve routes only with the compiled input",
	"routes-urls":   "rgc serve routes only with the compiled input",
	"inline-routes": "rgc serve routes only with the compiled input",
	"etcd-urls":     "rgc serve routes only with the compiled input",
	"kubernetes":    "rgc serve routes only with the compiled input; it stands in for the Kubernetes data client",
}

// newServeFlags registers, on one flag set, the proxy's flags (package
// proxy defines them: Skipper's, bound to a Skipper configuration, and rgc
// serve's own) and the flags of rgc compile that do not clash with them:
// Skipper flags that compile accepts and ignores, such as -address, mean
// something to serve.
func newServeFlags() (*settings, *flag.FlagSet, *serve.Flags) {
	s, cfs := newSettings("serve")
	fs := flag.NewFlagSet("rgc serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	pf := serve.RegisterFlags(fs)
	cfs.VisitAll(func(f *flag.Flag) {
		if fs.Lookup(f.Name) == nil {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	return s, fs, pf
}

// parseServeFlags parses rgc serve's command line, as parseFlags does
// compile's, and returns the server's configuration.
func parseServeFlags(args []string) (serve.Config, cliOpts, error) {
	s, fs, pf := newServeFlags()
	paths, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return serve.Config{}, cliOpts{}, err
	}
	if err != nil {
		return serve.Config{}, cliOpts{}, &usageError{err: unknownFlag(fs, err), short: true}
	}
	s.cli.paths = paths
	cmdline := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { cmdline[f.Name] = true })
	if err := rejectUnsupported(cmdline); err != nil {
		return serve.Config{}, cliOpts{}, err
	}
	for _, n := range sortedKeys(cmdline) {
		if why := serveRejected[n]; why != "" {
			return serve.Config{}, cliOpts{}, usagef("flag -%s is not supported by rgc serve: %s", n, why)
		}
	}
	if s.cli.config != "" {
		if err := s.applyConfig(fs, s.cli.config, cmdline); err != nil {
			return serve.Config{}, cliOpts{}, err
		}
		if err := applyProxyConfig(fs, s.cli.config, cmdline); err != nil {
			return serve.Config{}, cliOpts{}, err
		}
	}
	if err := s.checkCLI(); err != nil {
		return serve.Config{}, cliOpts{}, err
	}
	for _, p := range paths {
		if p == "-" {
			return serve.Config{}, cliOpts{}, usagef("rgc serve cannot watch standard input: give files or directories")
		}
	}
	opts, err := s.finish()
	if err != nil {
		return serve.Config{}, cliOpts{}, err
	}
	cfg, err := pf.Config(paths, opts)
	if err != nil {
		return serve.Config{}, cliOpts{}, usagef("%v", err)
	}
	cfg.LogSeverity = rgc.Warning
	switch {
	case s.cli.verbose:
		cfg.LogSeverity = rgc.Info
	case s.cli.quiet:
		cfg.LogSeverity = rgc.Error
	}
	return cfg, s.cli, nil
}

// applyProxyConfig sets the proxy flags from a Skipper-style YAML config
// file, as Skipper reads them: the command line wins; a list is given as a
// YAML list.
func applyProxyConfig(fs *flag.FlagSet, path string, cmdline map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return &ioError{err: fmt.Errorf("config file: %w", err)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil || len(doc.Content) == 0 {
		return nil // applyConfig has reported it, or the file is empty
	}
	top := deref(doc.Content[0])
	if top.Kind != yaml.MappingNode {
		return nil
	}
	proxyFlags := map[string]bool{}
	for _, n := range serve.FlagNames {
		proxyFlags[n] = true
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i].Value, deref(top.Content[i+1])
		if !proxyFlags[k] || cmdline[k] || isNull(v) {
			continue
		}
		c := configValue{path: path, key: k, node: v}
		var text string
		switch v.Kind {
		case yaml.ScalarNode:
			text = v.Value
		case yaml.SequenceNode:
			items, err := c.list()
			if err != nil {
				return err
			}
			var texts []string
			for _, it := range items {
				texts = append(texts, it.text)
			}
			text = strings.Join(texts, ",")
		default:
			return c.errorf(v, "want a value or a list")
		}
		if err := fs.Lookup(k).Value.Set(text); err != nil {
			return c.errorf(v, "%v", err)
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const serveDoc = `Usage: rgc serve [flags] PATH...

Run Skipper, the proxy, on the routing table compiled from PATH, and
recompile when the input changes. All of Skipper's filters and predicates
are available, as in a stock Skipper, except lua: it runs scripts from the
routes, and is enabled only by an explicit -lua-sources (file, inline or
file,inline).

The diagnostics of the first compilation go to standard error, as with rgc
compile; a route group with errors serves the routes that compiled. On each
change, per route group: a group without errors replaces its routes; a group
with errors keeps its last good routes and its errors are logged; a group
deleted from the input is removed, unless its file no longer parses. See
docs/serve.md.

With -routes-listener, rgc is also the route source of other Skippers,
started with -routes-urls=http://ADDR/routes.

PATH is a file or a directory (read recursively: *.yaml, *.yml, *.json),
watched for changes. Flags may come before, between or after the paths; --
ends them. SIGTERM or SIGINT stops the proxy gracefully: requests in flight
finish. SIGHUP reloads: -config is read again, then the whole input.

The route server (-routes-listener) listens at once and answers /routes
with 404 until the first table; /ready, /status and /metrics report the
reloads. An input without route groups keeps the table unless
-accept-empty-input. See docs/serve.md (Operations, Exposure).

Exit status: 0 stopped by a signal; 2 usage error; 3 I/O error (an input
cannot be read, a listener cannot be opened); 4 internal error.
`

// printServeHelp documents rgc serve and each of its flags.
func printServeHelp(w io.Writer) {
	s, fs, _ := newServeFlags()
	fmt.Fprint(w, serveDoc)
	proxyNames := map[string]bool{}
	for _, n := range serve.FlagNames {
		proxyNames[n] = true
	}
	for _, g := range s.groups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, n := range g.names {
			printServeFlag(w, fs.Lookup(n))
		}
	}
	fmt.Fprint(w, "\nrgc serve's own flags:\n")
	for _, n := range serve.OwnFlagNames {
		printServeFlag(w, fs.Lookup(n))
	}
	fmt.Fprint(w, "\nProxy flags, as Skipper's: same names, value syntax and defaults, except\n-source-poll-timeout (100) and -wait-for-healthcheck-interval (0):\n")
	for _, n := range serve.FlagNames {
		printServeFlag(w, fs.Lookup(n))
	}
	var names []string
	for _, n := range append(append([]string{}, ignoredBoolFlags...), ignoredValueFlags...) {
		if !proxyNames[n] && serveRejected[n] == "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	fmt.Fprint(w, "\nSkipper flags accepted and ignored:\n")
	printWrapped(w, names)
	names = names[:0]
	for n := range unsupportedFlags {
		names = append(names, n)
	}
	for n := range serveRejected {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprint(w, "\nSkipper flags rejected (in a -config file they are ignored):\n")
	printWrapped(w, names)
}

// printServeFlag prints f as printFlag does; Skipper's list flags have no
// Get method.
func printServeFlag(w io.Writer, f *flag.Flag) {
	if _, ok := f.Value.(flag.Getter); ok {
		printFlag(w, f)
		return
	}
	name, usage := flag.UnquoteUsage(f)
	line := "  -" + f.Name
	if name != "" {
		line += " " + name
	}
	if f.DefValue != "" {
		usage += fmt.Sprintf(" (default %q)", f.DefValue)
	}
	fmt.Fprintln(w, line)
	printWrappedText(w, "    \t", usage)
}
