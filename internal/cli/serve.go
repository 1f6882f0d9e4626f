package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/serve"
)

// runServe is rgc serve: flags → the first compilation, whose diagnostics
// it prints as rgc compile does → the proxy, until a signal stops it.
func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, c, err := parseServeFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		printServeHelp(stdout)
		return exitOK
	}
	if err != nil {
		return reportError(stderr, "serve", err)
	}
	if !c.quiet {
		for _, w := range c.warnings {
			fmt.Fprintf(stderr, "rgc: warning: %s\n", w)
		}
	}
	cfg.Reconfigure = func() (rgc.Options, error) {
		// SIGHUP: the command line again, with -config read anew.
		c, _, err := parseServeFlags(args)
		return c.Compile, err
	}
	// SIGHUP reloads once Skipper runs; until then it must not stop
	// the process, as its default action would.
	signal.Ignore(syscall.SIGHUP)
	srv := serve.New(cfg)
	defer srv.Close()
	// The route server answers (404, as Skipper's) before the first
	// compilation, which may take seconds on a large input.
	if err := srv.Listen(); err != nil {
		return reportError(stderr, "serve", &ioError{err: err})
	}
	res, err := srv.Load()
	if err != nil {
		return reportError(stderr, "serve", err)
	}
	if err := writeDiagnostics(stderr, res.Diagnostics, c); err != nil {
		return exitIO
	}
	if err := srv.Run(); err != nil {
		fmt.Fprintf(stderr, "rgc: serve: %v\n", err)
		return exitIO
	}
	return exitOK
}
