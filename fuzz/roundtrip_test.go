package fuzz

import (
	"encoding/json"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/diag"
)

// Property 6: the emitted table parses back to an equal table, from
// eskip text (plain and pretty, as rgc compile prints it) and from
// Skipper's JSON (rgc compile -o json). A route that eskip cannot express
// (Skipper's converter builds some) must be flagged RG111 instead.

func TestRoundTrip(t *testing.T) { check(t, 1500, propRoundTrip) }

func FuzzRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propRoundTrip)) }

func propRoundTrip(t *rapid.T) {
	s := genState(t, anyConfig)
	if chance(t, "defect", 20) {
		injectDefect(t, s, defectKinds)
	}
	fs := render(s)
	res := compile(t, fs, s.Opts)
	all := res.Routes
	routes := parsable(t, res, fs)
	for _, pp := range []eskip.PrettyPrintInfo{{}, {Pretty: true, IndentStr: "  "}} {
		text := eskip.Print(pp, routes...)
		back, err := eskip.Parse(text)
		if err != nil {
			t.Fatalf("the eskip output does not parse: %v\n%s\ninput:\n%s", err, text, dump(fs))
		}
		if !eqTables(routes, back) {
			t.Fatalf("eskip text (pretty=%v) does not round-trip (- emitted, + parsed):\n%s\ntext:\n%s\ninput:\n%s",
				pp.Pretty, tableDiff(routes, back), text, dump(fs))
		}
	}
	j, err := json.Marshal(all)
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	var back []*eskip.Route
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatalf("the JSON output does not parse: %v\n%s", err, j)
	}
	if !eqTables(all, back) {
		t.Fatalf("JSON does not round-trip (- emitted, + parsed):\n%s\nJSON:\n%s\ninput:\n%s", tableDiff(all, back), j, dump(fs))
	}
}

// parsable returns the routes whose eskip text parses; a route whose
// text does not parse must come with an RG111 warning on its group.
func parsable(t *rapid.T, res *rgc.Result, fs []file) []*eskip.Route {
	warned := map[*eskip.Route]bool{}
	for _, g := range res.Groups {
		for _, d := range g.Diagnostics {
			if d.Code == diag.NotEskip {
				for _, r := range g.Routes {
					warned[r] = true
				}
			}
		}
	}
	var out []*eskip.Route
	for _, r := range res.Routes {
		text := eskip.Print(eskip.PrettyPrintInfo{}, r)
		if _, err := eskip.Parse(text); err == nil {
			out = append(out, r)
		} else if !warned[r] {
			t.Fatalf("route %s prints as eskip that does not parse (%v), and rgc does not warn (RG111):\n%s\ndiagnostics:\n%s\ninput:\n%s",
				r.Id, err, text, diagText(res), dump(fs))
		}
	}
	return out
}
