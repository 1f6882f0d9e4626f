package serve

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Reload outcomes, as /metrics counts them and /ready reports the last.
const (
	// outcomeOK: the input was read and every route group compiled.
	outcomeOK = "ok"
	// outcomeRejected: the input was read and the table applied, but
	// some route groups have errors: they keep their last good routes
	// (or serve what compiled, if they never compiled).
	outcomeRejected = "rejected"
	// outcomeEmpty: the input held no route groups and the table, which
	// had some, stayed as it was (Config.AcceptEmpty).
	outcomeEmpty = "empty-ignored"
	// outcomeInputError: the input could not be read; the table stayed.
	outcomeInputError = "input-error"
)

var outcomes = []string{outcomeOK, outcomeRejected, outcomeEmpty, outcomeInputError}

// reloadStats are the counters and times behind /metrics and /ready;
// guarded by Server.statMu.
type reloadStats struct {
	reloads map[string]int
	last    string // the outcome of the last reload
	// lastReload is when the last reload started, lastSuccess when the
	// last one that applied a table (ok or rejected) started.
	lastReload, lastSuccess time.Time
	duration                time.Duration // of the last reload
}

func outcomeOf(t *table) string {
	for _, g := range t.groups {
		if g.state == StateKept || g.state == StateFailed {
			return outcomeRejected
		}
	}
	return outcomeOK
}

// record counts a reload that started at start; t is the table served
// after it.
func (s *Server) record(outcome string, start time.Time, t *table) {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	st := &s.stats
	if st.reloads == nil {
		st.reloads = map[string]int{}
	}
	st.reloads[outcome]++
	st.last, st.lastReload, st.duration = outcome, start, time.Since(start)
	if outcome == outcomeOK || outcome == outcomeRejected {
		st.lastSuccess = start
	}
}

// serveReady answers 200 when a table is served and the last reload read
// the input, 503 otherwise; the body says which, with the last outcome.
func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	t := s.table()
	s.statMu.Lock()
	st, lastErr := s.stats, s.lastErr
	s.statMu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case t == nil:
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "not ready: no routing table yet\n")
	case st.last == outcomeInputError:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: the input cannot be read since %s (%s); serving the table of %s\n",
			st.lastReload.UTC().Format(time.RFC3339), s.redact(lastErr), t.compiled.UTC().Format(time.RFC3339))
	default:
		fmt.Fprintf(w, "ready: %d routes, %d route groups; last reload %s at %s\n",
			len(t.routes), len(t.groups), st.last, st.lastReload.UTC().Format(time.RFC3339))
	}
}

// serveMetrics writes rgc's metrics in the Prometheus text format (0.0.4),
// which Skipper's -enable-prometheus-metrics also serves.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	t := s.table()
	s.statMu.Lock()
	st := s.stats
	reloads := make(map[string]int, len(st.reloads))
	for k, v := range st.reloads {
		reloads[k] = v
	}
	s.statMu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var b strings.Builder
	metric := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	metric("rgc_reloads_total", "counter", "Compilations of the input since start, by outcome.")
	for _, o := range outcomes {
		fmt.Fprintf(&b, "rgc_reloads_total{outcome=%q} %d\n", o, reloads[o])
	}
	metric("rgc_last_reload_timestamp_seconds", "gauge", "When the last reload started, in seconds since the epoch; 0 before the first.")
	fmt.Fprintf(&b, "rgc_last_reload_timestamp_seconds %s\n", unix(st.lastReload))
	metric("rgc_last_successful_reload_timestamp_seconds", "gauge", "When the last reload that read the input and applied a table started; 0 before the first.")
	fmt.Fprintf(&b, "rgc_last_successful_reload_timestamp_seconds %s\n", unix(st.lastSuccess))
	metric("rgc_last_reload_duration_seconds", "gauge", "How long the last reload took: reading, compiling, merging.")
	fmt.Fprintf(&b, "rgc_last_reload_duration_seconds %g\n", st.duration.Seconds())
	metric("rgc_table_loaded", "gauge", "1 once a routing table is served, 0 before.")
	states := map[string]int{StateOK: 0, StateKept: 0, StateFailed: 0, StateSkipped: 0}
	routes, size := 0, 0
	if t != nil {
		routes, size = len(t.routes), len(t.text)
		for _, g := range t.groups {
			states[g.state]++
		}
		b.WriteString("rgc_table_loaded 1\n")
	} else {
		b.WriteString("rgc_table_loaded 0\n")
	}
	metric("rgc_routes", "gauge", "Routes in the served table.")
	fmt.Fprintf(&b, "rgc_routes %d\n", routes)
	metric("rgc_table_bytes", "gauge", "Size of the served table as eskip text (GET /routes).")
	fmt.Fprintf(&b, "rgc_table_bytes %d\n", size)
	metric("rgc_route_groups", "gauge", "Route groups, by state: ok, kept-last-good, failed, skipped.")
	names := make([]string, 0, len(states))
	for n := range states {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "rgc_route_groups{state=%q} %d\n", n, states[n])
	}
	metric("rgc_rejected_route_groups", "gauge", "Route groups whose current version has errors (kept-last-good and failed).")
	fmt.Fprintf(&b, "rgc_rejected_route_groups %d\n", states[StateKept]+states[StateFailed])
	io.WriteString(w, b.String())
}

func unix(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return fmt.Sprintf("%.3f", float64(t.UnixMilli())/1000)
}
