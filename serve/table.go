package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

// Group states, as the status endpoint reports them.
const (
	// StateOK: the group's current version compiled; its routes are served.
	StateOK = "ok"
	// StateKept: the current version has errors (or its file no longer
	// parses); the routes of the last version that compiled are served.
	StateKept = "kept-last-good"
	// StateFailed: the current version has errors and no earlier version
	// compiled; the routes that did compile are served, as Skipper would.
	StateFailed = "failed"
	// StateSkipped: the group belongs to another route group class.
	StateSkipped = "skipped"
)

// group is what the proxy serves for one route group.
type group struct {
	id, file string
	state    string
	routes   []*eskip.Route
	// good is set when routes are those of a version without errors.
	good bool
	// since is when the served routes were compiled.
	since time.Time
	// diags are the diagnostics of the current version.
	diags rgc.Diagnostics
	// missing is set when the group is kept because its file no longer
	// parses; diags are then the file's.
	missing bool
}

// table is one applied routing table: the routes in id order, their eskip
// text and what each group contributes.
type table struct {
	routes []*eskip.Route
	// text is the eskip text of routes, one route per line, as Skipper's
	// route server prints it; zipped is its gzip form.
	text, zipped []byte
	// byID maps a route id to the route's eskip text, to compute updates.
	byID map[string]string
	hash string

	groups map[string]*group
	// fileDiags are the diagnostics of the input that belong to no group.
	fileDiags rgc.Diagnostics
	// compiled is when the table was compiled; changed when its text
	// last changed (Last-Modified of /routes).
	compiled, changed time.Time
}

// merge builds the table to serve from a compilation and the table served
// before it (nil at first), group by group: a group without errors
// replaces its routes; a group with errors keeps the routes of its last
// version without errors; a group that is gone is removed, unless the file
// that defined it no longer parses, in which case it is kept as it was.
// Routes that belong to no group (healthcheck, redirect) come from the new
// compilation.
func merge(prev *table, res *rgc.Result, now time.Time) *table {
	t := &table{groups: map[string]*group{}, compiled: now}
	var prevGroups map[string]*group
	if prev != nil {
		prevGroups = prev.groups
	}
	inGroup := map[*eskip.Route]bool{}
	for _, gr := range res.Groups {
		for _, r := range gr.Routes {
			inGroup[r] = true
		}
		t.groups[gr.ID] = mergeGroup(prevGroups[gr.ID], gr, now)
	}
	broken := brokenFiles(res)
	for id, g := range prevGroups {
		if _, ok := t.groups[id]; ok || !broken[g.file] || g.state == StateSkipped {
			continue
		}
		kept := *g
		kept.diags, kept.missing = fileDiags(res.Diagnostics, g.file), true
		if g.good {
			kept.state = StateKept
		}
		t.groups[id] = &kept
	}
	for _, d := range res.Diagnostics {
		if d.Group == "" {
			t.fileDiags = append(t.fileDiags, d)
		}
	}

	var global []*eskip.Route
	for _, r := range res.Routes {
		if !inGroup[r] {
			global = append(global, r)
		}
	}
	t.setRoutes(global)
	t.changed = now
	if prev != nil && prev.hash == t.hash {
		t.changed = prev.changed
	}
	return t
}

func mergeGroup(prev *group, gr *rgc.GroupResult, now time.Time) *group {
	g := &group{id: gr.ID, file: gr.File, diags: gr.Diagnostics}
	switch {
	case gr.Skipped:
		g.state = StateSkipped
	case !gr.Failed:
		g.state, g.routes, g.good, g.since = StateOK, gr.Routes, true, now
	case prev != nil && prev.good:
		g.state, g.routes, g.good, g.since = StateKept, prev.routes, true, prev.since
	default:
		g.state, g.routes, g.since = StateFailed, gr.Routes, now
	}
	return g
}

// brokenFiles are the files with an error that belongs to no object, such
// as a YAML syntax error: the objects after it are unknown, so a group
// missing from such a file may still be there.
func brokenFiles(res *rgc.Result) map[string]bool {
	broken := map[string]bool{}
	for _, d := range res.Diagnostics {
		if d.Severity == rgc.Error && d.Group == "" && d.Span.File != nil {
			broken[d.Span.FileName()] = true
		}
	}
	return broken
}

func fileDiags(diags rgc.Diagnostics, file string) rgc.Diagnostics {
	var out rgc.Diagnostics
	for _, d := range diags {
		if d.Group == "" && d.Span.File != nil && d.Span.FileName() == file {
			out = append(out, d)
		}
	}
	return out
}

// setRoutes collects the global routes and those of every group, in id
// order (the order of Skipper's route server, so that the hash is the one
// it would compute), and renders them. When two routes share an id, the
// one compiled now wins over one kept from before.
func (t *table) setRoutes(global []*eskip.Route) {
	t.byID = map[string]string{}
	byID := map[string]*eskip.Route{}
	add := func(r *eskip.Route, fresh bool) {
		if _, dup := byID[r.Id]; dup && !fresh {
			return
		}
		byID[r.Id] = r
	}
	ids := make([]string, 0, len(t.groups))
	for id := range t.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, pass := range []bool{false, true} {
		for _, id := range ids {
			g := t.groups[id]
			if fresh := g.state == StateOK || g.state == StateFailed; fresh == pass {
				for _, r := range g.routes {
					add(r, fresh)
				}
			}
		}
	}
	for _, r := range global {
		add(r, true)
	}
	t.routes = make([]*eskip.Route, 0, len(byID))
	for _, r := range byID {
		t.routes = append(t.routes, r)
	}
	sort.Slice(t.routes, func(i, j int) bool { return t.routes[i].Id < t.routes[j].Id })

	var buf bytes.Buffer
	for _, r := range t.routes {
		t.byID[r.Id] = r.String()
	}
	eskip.Fprint(&buf, eskip.PrettyPrintInfo{}, t.routes...)
	t.text = buf.Bytes()
	sum := sha256.Sum256(t.text)
	t.hash = hex.EncodeToString(sum[:])
	t.zipped = gzipBytes(t.text)
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b) // writes to a bytes.Buffer do not fail
	zw.Close()
	return buf.Bytes()
}

// diff returns the routes of t that are new or changed since the table
// old (by id → eskip text), and the ids of the routes that are gone: the
// update that turns Skipper's copy of old into t in one step.
func (t *table) diff(old map[string]string) (upserts []*eskip.Route, deletes []string) {
	for _, r := range t.routes {
		if text, ok := old[r.Id]; !ok || text != t.byID[r.Id] {
			upserts = append(upserts, r)
		}
	}
	for id := range old {
		if _, ok := t.byID[id]; !ok {
			deletes = append(deletes, id)
		}
	}
	sort.Strings(deletes)
	return upserts, deletes
}
