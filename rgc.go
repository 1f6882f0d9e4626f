// Package rgc compiles Skipper RouteGroups, with the Services, Endpoints and
// EndpointSlices they point at, into the routing table that Skipper's
// Kubernetes data client would build from the same objects, and reports
// precisely what is wrong with the input when it cannot.
//
// The pipeline: the front end (package frontend) decodes documents into the
// typed program of package ir, keeping every position; an ordered list of
// passes (package passes) checks it and lowers it to a routing table; the
// back end (package backend) turns the table into []*eskip.Route and
// prints it.
package rgc

import (
	"io"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// Options are the conversion options; see passes.Options.
type Options = passes.Options

// Diagnostic is a problem in the input, with its position.
type Diagnostic = diag.Diagnostic

// Diagnostics is a list of diagnostics.
type Diagnostics = diag.List

// Severity of a diagnostic.
type Severity = diag.Severity

// Severities.
const (
	Info    = diag.Info
	Warning = diag.Warning
	Error   = diag.Error
)

// Input is an in-memory document: a name for diagnostics and the bytes.
// The compiler keeps Content rather than copying it (strings of the
// program and the routes share its memory): do not modify it after
// passing it to Compile.
type Input struct {
	Name    string
	Content []byte
}

// Result is the outcome of a compilation.
type Result struct {
	// Routes is the routing table, in a deterministic order.
	Routes []*eskip.Route
	// Diagnostics lists every problem found, sorted by position.
	Diagnostics Diagnostics
	// Groups is the outcome per route group, in namespace/name order:
	// for tools that keep each group's last good routes.
	Groups []*GroupResult
	// Program, Verdicts and Table are the compiler's internal forms, for
	// tools: the program as the front end read it (the passes never change
	// it), what the passes decided about its groups (rejected, skipped,
	// their order), and the table.
	Program  *ir.Program
	Verdicts *ir.Verdicts
	Table    *ir.Table
}

// GroupResult is the outcome of one route group.
type GroupResult struct {
	// ID is "namespace/name".
	ID string
	// File is the file that defines the group.
	File string
	// Routes are the group's routes in the table (after id
	// de-duplication).
	Routes []*eskip.Route
	// Diagnostics are the problems of this group.
	Diagnostics Diagnostics
	// Failed is true when the group has an error; Skipped when it was left
	// out without one (another route group class).
	Failed, Skipped bool
}

// HasErrors reports whether any route group had an error.
func (r *Result) HasErrors() bool { return r.Diagnostics.HasErrors() }

// Compile compiles in-memory documents.
func Compile(opts Options, inputs ...Input) (*Result, error) {
	files := make([]*src.File, len(inputs))
	for i, in := range inputs {
		files[i] = src.NewFile(in.Name, in.Content)
	}
	return compileFiles(opts, files)
}

// CompilePaths reads files, directories (recursively: *.yaml, *.yml,
// *.json, without hidden files) and "-" (stdin), and compiles them.
// Failing to read a path named in paths is an error wrapping the
// *fs.PathError; an entry of a directory that cannot be read is a
// diagnostic (RG019), and the rest is compiled.
func CompilePaths(opts Options, paths []string, stdin io.Reader) (*Result, error) {
	files, diags, err := frontend.ReadPaths(paths, stdin)
	if err != nil {
		return nil, err
	}
	return compileFiles(opts, files, diags...)
}
