package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

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
	srv := serve.New(cfg)
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
