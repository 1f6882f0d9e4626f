package cli

import (
	"encoding/json"
	"io"
	"runtime/debug"

	"github.com/rgc-dev/rgc"
)

// jsonReport is the stable output of rgc check -o json (spec/rgc.md
// §10.5). Fields are only ever added, never renamed or removed; every
// field is always present, with "" or 0 when unknown. Lines and columns
// are 1-based, columns count characters (runes); offsets are 0-based byte
// offsets.
type jsonReport struct {
	// Version of this schema: 1.
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
	Groups      []jsonGroup      `json:"groups"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonDiagnostic struct {
	Severity  string `json:"severity"` // error, warning, info
	Code      string `json:"code"`     // RGnnn
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Offset    int    `json:"offset"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	EndOffset int    `json:"endOffset"`
	Group     string `json:"group"` // namespace/name
	Path      string `json:"path"`  // e.g. spec.routes[0].filters[1]
	Message   string `json:"message"`
	Hint      string `json:"hint"`
}

type jsonSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

type jsonGroup struct {
	ID      string `json:"id"`
	File    string `json:"file"`
	Failed  bool   `json:"failed"`
	Skipped bool   `json:"skipped"`
}

// writeJSONReport writes every diagnostic (infos too, whatever -q and -v
// say: consumers filter by severity) as one indented JSON document.
func writeJSONReport(w io.Writer, res *rgc.Result) error {
	r := jsonReport{Version: 1, Tool: jsonTool{Name: "rgc", Version: rgcVersion()},
		Diagnostics: []jsonDiagnostic{}, Groups: []jsonGroup{}}
	for _, d := range res.Diagnostics {
		jd := jsonDiagnostic{
			Severity: d.Severity.String(), Code: string(d.Code), File: d.Span.FileName(),
			Group: d.Group, Path: d.Path, Message: d.Message, Hint: d.Hint,
		}
		if s := d.Span; s.Start.IsValid() {
			jd.Line, jd.Column, jd.Offset = s.Start.Line, s.Start.Col, s.Start.Offset
		}
		if e := d.Span.End; e.IsValid() {
			jd.EndLine, jd.EndColumn, jd.EndOffset = e.Line, e.Col, e.Offset
		}
		r.Diagnostics = append(r.Diagnostics, jd)
	}
	r.Summary = jsonSummary{Errors: res.Diagnostics.Count(rgc.Error),
		Warnings: res.Diagnostics.Count(rgc.Warning), Infos: res.Diagnostics.Count(rgc.Info)}
	for _, g := range res.Groups {
		r.Groups = append(r.Groups, jsonGroup{ID: g.ID, File: g.File, Failed: g.Failed, Skipped: g.Skipped})
	}
	e := json.NewEncoder(w)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	return e.Encode(r)
}

// rgcVersion is rgc's own version: the link-time version, the module's, or
// (devel).
func rgcVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
