package serve

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rgc-dev/rgc"
)

// Status is what GET /status answers.
type Status struct {
	// Loaded is false until the first compilation that could read the
	// input; until then Skipper has no routes and /routes answers 404.
	Loaded bool `json:"loaded"`
	// Hash is the SHA-256 of the table's eskip text, as in the ETag of
	// /routes (without quotes).
	Hash string `json:"hash"`
	// ProxyHash is the hash of the table the proxy has fetched: equal to
	// Hash once Skipper has polled the current table.
	ProxyHash string `json:"proxyHash"`
	Routes    int    `json:"routes"`
	Groups    int    `json:"groups"`
	// LastCompile is when the input was last compiled; LastChange when
	// the table last changed.
	LastCompile time.Time `json:"lastCompile"`
	LastChange  time.Time `json:"lastChange"`
	// Compiles counts the compilations since start.
	Compiles int `json:"compiles"`
	// LastOutcome is that of the last reload: "ok", "rejected" (some
	// route groups have errors), "empty-ignored" (the input held no route
	// groups; the table stayed) or "input-error".
	LastOutcome string `json:"lastOutcome,omitempty"`
	// Error is set when the last compilation could not read the input (a
	// file named on the command line is missing, say): the table stayed
	// as it was.
	Error string `json:"error,omitempty"`
	// Errors counts the route groups that have errors now.
	Errors int `json:"errors"`
	// RouteGroups are the groups, in id order.
	RouteGroups []GroupStatus `json:"routeGroups"`
	// Diagnostics are those of the input that belong to no route group
	// (YAML syntax errors, Services, ...).
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// GroupStatus is one route group's part of Status.
type GroupStatus struct {
	ID   string `json:"id"`
	File string `json:"file"`
	// State is StateOK, StateKept, StateFailed or StateSkipped.
	State string `json:"state"`
	// Routes counts the routes served for the group; Since is when they
	// were compiled.
	Routes int       `json:"routes"`
	Since  time.Time `json:"since,omitzero"`
	// Diagnostics are those of the group's current version.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Diagnostic is a diagnostic in JSON.
type Diagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code,omitempty"`
	// Pos is "file:line:col".
	Pos     string `json:"pos,omitempty"`
	Group   string `json:"group,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func jsonDiags(diags rgc.Diagnostics, redact func(string) string) []Diagnostic {
	out := make([]Diagnostic, 0, len(diags))
	for _, d := range diags {
		j := Diagnostic{Severity: d.Severity.String(), Code: string(d.Code), Group: d.Group,
			Path: d.Path, Message: redact(d.Message), Hint: redact(d.Hint)}
		if d.Span.File != nil {
			j.Pos = redact(d.Span.String())
		}
		out = append(out, j)
	}
	return out
}

// redact shows the input files in text for the network: relative to the
// path named on the command line that holds them (Config.Paths), unless
// Config.StatusPaths. Logs, read on the host, keep the paths as read.
func (s *Server) redact(text string) string {
	if s.cfg.StatusPaths || text == "" {
		return text
	}
	for _, p := range s.cfg.Paths {
		dir := filepath.Clean(p)
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			dir = filepath.Dir(dir)
		}
		if dir != "." {
			text = strings.ReplaceAll(text, dir+string(filepath.Separator), "")
		}
	}
	return text
}

// status renders t; t may be nil.
func (t *table) status(redact func(string) string) Status {
	st := Status{RouteGroups: []GroupStatus{}, Diagnostics: []Diagnostic{}}
	if t == nil {
		return st
	}
	st.Loaded, st.Hash, st.Routes = true, t.hash, len(t.routes)
	st.LastCompile, st.LastChange = t.compiled, t.changed
	st.Diagnostics = jsonDiags(t.fileDiags, redact)
	for _, g := range t.groups {
		st.RouteGroups = append(st.RouteGroups, GroupStatus{ID: g.id, File: redact(g.file), State: g.state,
			Routes: len(g.routes), Since: g.since, Diagnostics: jsonDiags(g.diags, redact)})
		if g.diags.HasErrors() {
			st.Errors++
		}
	}
	st.Groups = len(st.RouteGroups)
	sort.Slice(st.RouteGroups, func(i, j int) bool { return st.RouteGroups[i].ID < st.RouteGroups[j].ID })
	return st
}
