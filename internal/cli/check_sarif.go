package cli

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"

	"github.com/rgc-dev/rgc"
)

// SARIF 2.1.0 (OASIS), the subset rgc writes: one run, a rule per code
// that occurs, a result per diagnostic. Columns count Unicode code points
// (run.columnKind), as rgc's do.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID      string `json:"id"`
	HelpURI string `json:"helpUri"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"` // error, warning, note
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
	// Properties carry rgc's fields that SARIF has no place for.
	Properties sarifProperties `json:"properties"`
}

type sarifProperties struct {
	Group string `json:"group,omitempty"`
	Path  string `json:"path,omitempty"`
	Hint  string `json:"hint,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
	ByteOffset  int `json:"byteOffset"`
	ByteLength  int `json:"byteLength,omitempty"`
}

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	rgcURI      = "https://github.com/rgc-dev/rgc"
	codesURI    = rgcURI + "/blob/main/docs/diagnostics.md"
)

// writeSARIF writes every diagnostic (infos as notes) as a SARIF 2.1.0
// log for code scanning UIs.
func writeSARIF(w io.Writer, res *rgc.Result) error {
	rules, index := sarifRules(res.Diagnostics)
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "rgc", Version: rgcVersion(), InformationURI: rgcURI, Rules: rules}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	for _, d := range res.Diagnostics {
		msg := d.Message
		if d.Group != "" {
			msg = d.Group + ": " + msg
		}
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		r := sarifResult{
			RuleID: string(d.Code), RuleIndex: index[string(d.Code)], Level: sarifLevel(d.Severity),
			Message:    sarifMessage{Text: msg},
			Properties: sarifProperties{Group: d.Group, Path: d.Path, Hint: d.Hint},
		}
		if d.Span.File != nil {
			r.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(d.Span.File.Name)},
				Region:           sarifRegionOf(d),
			}}}
		}
		run.Results = append(run.Results, r)
	}
	e := json.NewEncoder(w)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	return e.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRules lists the codes that occur, sorted, and their indexes.
func sarifRules(diags rgc.Diagnostics) ([]sarifRule, map[string]int) {
	seen := map[string]bool{}
	var codes []string
	for _, d := range diags {
		if c := string(d.Code); !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	rules := make([]sarifRule, len(codes))
	index := map[string]int{}
	for i, c := range codes {
		index[c] = i
		rules[i] = sarifRule{ID: c, HelpURI: codesURI}
	}
	return rules, index
}

func sarifLevel(s rgc.Severity) string {
	switch s {
	case rgc.Error:
		return "error"
	case rgc.Warning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a file name into a URI reference: relative names stay
// relative (to the directory rgc ran in), with slashes and escapes.
func sarifURI(name string) string {
	if name == "-" {
		return "stdin"
	}
	u := url.URL{Path: filepath.ToSlash(name)}
	if filepath.IsAbs(name) {
		u.Scheme = "file"
	}
	return u.String()
}

func sarifRegionOf(d rgc.Diagnostic) *sarifRegion {
	s := d.Span
	if !s.Start.IsValid() {
		return nil
	}
	r := &sarifRegion{StartLine: s.Start.Line, StartColumn: s.Start.Col, ByteOffset: s.Start.Offset}
	if e := s.End; e.IsValid() && (e.Line > s.Start.Line || e.Line == s.Start.Line && e.Col >= s.Start.Col) {
		r.EndLine, r.EndColumn = e.Line, e.Col
		r.ByteLength = e.Offset - s.Start.Offset
	}
	return r
}
