package serve

import (
	"fmt"
	"sort"
	"strings"
	"time"

	log "github.com/sirupsen/logrus"

	"github.com/rgc-dev/rgc"
)

// report logs what a compilation changed: the table when it changed, the
// groups removed, and for each group (and for the input outside groups)
// its state and diagnostics when they differ from those logged last, so
// that a reload caused by one file does not repeat the problems of the
// others. With logDiags false it only remembers them.
func (s *Server) report(prev, t *table, logDiags bool) {
	if prev == nil || prev.hash != t.hash {
		log.Infof("rgc: routing table %.12s: %d routes, %d route groups", t.hash, len(t.routes), len(t.groups))
	}
	if logDiags && prev != nil {
		s.logOutcome(prev, t)
	}
	seen := map[string]bool{"": true}
	if prev != nil {
		for id := range prev.groups {
			if _, ok := t.groups[id]; !ok {
				log.Infof("rgc: route group %s removed", id)
			}
		}
	}
	ids := make([]string, 0, len(t.groups))
	for id := range t.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		g := t.groups[id]
		seen[id] = true
		key := g.state + "\n" + s.render(g.diags)
		last, known := s.logged[id]
		if last == key {
			continue
		}
		s.logged[id] = key
		if !logDiags {
			continue
		}
		switch {
		case g.missing:
			log.Errorf("rgc: route group %s: %s has errors: the group's routes stay as they were", id, g.file)
			continue // the file's diagnostics are logged below
		case g.state == StateKept:
			log.Errorf("rgc: route group %s has errors: its last good routes stay, compiled %s", id, g.since.Format(time.RFC3339))
		case g.state == StateFailed:
			log.Errorf("rgc: route group %s has errors: %d routes compiled", id, len(g.routes))
		case g.state == StateOK:
			if known && !strings.HasPrefix(last, StateOK+"\n") {
				log.Infof("rgc: route group %s compiles again", id)
			}
		}
		s.logDiags(g.diags)
	}
	if key := s.render(t.fileDiags); s.logged[""] != key {
		s.logged[""] = key
		if logDiags {
			s.logDiags(t.fileDiags)
		}
	}
	for id := range s.logged {
		if !seen[id] {
			delete(s.logged, id)
		}
	}
}

func (s *Server) render(diags rgc.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity >= s.cfg.LogSeverity {
			b.WriteString(d.Text())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// logDiags logs each diagnostic on one line, at its severity.
func (s *Server) logDiags(diags rgc.Diagnostics) {
	for _, d := range diags {
		if d.Severity < s.cfg.LogSeverity {
			continue
		}
		msg := "rgc: " + d.Line()
		if d.Path != "" {
			msg += " (at " + d.Path + ")"
		}
		if d.Hint != "" {
			msg += "; hint: " + d.Hint
		}
		switch d.Severity {
		case rgc.Error:
			log.Error(msg)
		case rgc.Warning:
			log.Warn(msg)
		default:
			log.Info(msg)
		}
	}
}

// logOutcome logs one line per reload: what changed in the table and how
// many route groups were rejected, keeping their last good routes or
// serving what compiled. The groups themselves are logged by report.
func (s *Server) logOutcome(prev, t *table) {
	upserts, deletes := t.diff(prev.byID)
	kept, failed := 0, 0
	for _, g := range t.groups {
		switch g.state {
		case StateKept:
			kept++
		case StateFailed:
			failed++
		}
	}
	msg := fmt.Sprintf("rgc: reload: %d routes added or changed, %d removed; table %.12s: %d routes, %d route groups",
		len(upserts), len(deletes), t.hash, len(t.routes), len(t.groups))
	if kept+failed == 0 {
		log.Info(msg)
		return
	}
	log.Warnf("%s; %d rejected (%d keep their last good routes, %d never compiled)", msg, kept+failed, kept, failed)
}
