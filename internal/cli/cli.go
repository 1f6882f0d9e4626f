package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/rgc-dev/rgc"
)

// Exit statuses.
const (
	exitOK       = 0 // no errors
	exitErrors   = 1 // some route group had errors
	exitUsage    = 2 // bad command line or config file
	exitIO       = 3 // an input or the config file could not be read
	exitInternal = 4 // rgc failed: a bug
)

// Main runs the rgc command with args (without the program name) and
// returns its exit status; cmd/rgc is only os.Exit(cli.Main(...)).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, stdin, stdout, stderr)
}

// run is the whole command: it parses args, compiles, renders the result
// and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	switch cmd := args[0]; cmd {
	case "compile", "check":
		return runCompile(cmd, args[1:], stdin, stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "rgc: version takes no arguments\n")
			return exitUsage
		}
		fmt.Fprintln(stdout, versionString())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) == 2 && args[1] == "serve" {
			printServeHelp(stdout)
			return exitOK
		}
		return runHelp(args[1:], stdout, stderr)
	default:
		if strings.HasPrefix(cmd, "-") {
			fmt.Fprintf(stderr, "rgc: missing command before %s: flags go after the command\n", cmd)
		} else {
			fmt.Fprintf(stderr, "rgc: unknown command %q\n", cmd)
		}
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
}

func runCompile(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, c, err := parseFlags(cmd, args)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(stdout, cmd)
		return exitOK
	}
	if err != nil {
		return reportError(stderr, cmd, err)
	}
	if !c.quiet {
		for _, w := range c.warnings {
			fmt.Fprintf(stderr, "rgc: warning: %s\n", w)
		}
	}
	var res *rgc.Result
	if c.kube != nil {
		res, err = compileCluster(opts, c)
	} else {
		res, err = rgc.CompilePaths(opts, c.paths, stdinReader{stdin})
	}
	if err != nil {
		return reportError(stderr, cmd, err)
	}
	if cmd == "compile" {
		if err := writeRoutes(stdout, res.Routes, c); err != nil {
			fmt.Fprintf(stderr, "rgc: writing routes: %v\n", err)
			return exitIO
		}
	}
	if err := writeReport(cmd, stdout, stderr, res, c); err != nil {
		return exitIO
	}
	if res.HasErrors() {
		return exitErrors
	}
	return exitOK
}

// reportError prints err and returns its exit status.
func reportError(stderr io.Writer, cmd string, err error) int {
	var (
		ue *usageError
		ve *valueError
		ie *ioError
		pe *fs.PathError
	)
	fmt.Fprintf(stderr, "rgc: %v\n", err)
	switch {
	case errors.As(err, &ue):
		if ue.short {
			fmt.Fprintf(stderr, shortUsage, cmd, cmd)
		}
		return exitUsage
	case errors.As(err, &ve):
		return exitUsage
	case errors.As(err, &ie), errors.As(err, &pe):
		return exitIO
	}
	fmt.Fprintln(stderr, "rgc: this is a bug in rgc; please report it with the input")
	return exitInternal
}

// stdinReader turns read errors on standard input into *fs.PathError, so
// that they count as I/O errors like those of files.
type stdinReader struct{ r io.Reader }

func (s stdinReader) Read(p []byte) (int, error) {
	if s.r == nil {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		err = &fs.PathError{Op: "read", Path: "-", Err: err}
	}
	return n, err
}
