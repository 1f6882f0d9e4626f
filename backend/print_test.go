package backend_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/internal/gen"
)

var prettyForms = []eskip.PrettyPrintInfo{{}, {Pretty: true, IndentStr: "  "}, {Pretty: true}, {Pretty: true, IndentStr: "\t"}, {IndentStr: "  "}}

// expectSame fails t when Print differs from eskip.Print on routes in any
// form.
func expectSame(t interface{ Fatalf(string, ...any) }, routes ...*eskip.Route) {
	for _, p := range prettyForms {
		want := eskip.Print(p, routes...)
		if got := backend.Print(p, routes...); got != want {
			t.Fatalf("Print(%+v) differs from eskip.Print:\n got %q\nwant %q", p, got, want)
		}
	}
}

// TestPrintGeneratedTables compares with eskip.Print over the tables of
// generated cluster states: every backend type, traffic splits, the
// predicates and filters people write.
func TestPrintGeneratedTables(t *testing.T) {
	for seed := range uint64(3) {
		s := gen.Generate(gen.Config{Groups: 150, Seed: seed, Hosts: int(seed)})
		res, err := rgc.Compile(rgc.CLIDefaults(), rgc.Input{Name: "s.json", Content: s.JSON()})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Routes) < 300 {
			t.Fatalf("only %d routes", len(res.Routes))
		}
		expectSame(t, res.Routes...)
	}
}

func TestPrintEdgeCases(t *testing.T) {
	expectSame(t)
	expectSame(t, &eskip.Route{})                                           // "* -> "
	expectSame(t, &eskip.Route{BackendType: eskip.ShuntBackend})            // an expression
	expectSame(t, &eskip.Route{Id: "a", Shunt: true, Backend: "http://x"})  // shunt wins
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.NetworkBackend}) // ""
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.NetworkBackend, Shunt: true, Backend: "http://x"})
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.LBBackend, Shunt: true,
		LBEndpoints: []*eskip.LBEndpoint{{Address: "http://a", Zone: "eu central/1&"}, {Address: "http://b"}}})
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.LBBackend}) // <>
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.LoopBackend}, &eskip.Route{Id: "b", BackendType: eskip.DynamicBackend})
	expectSame(t, &eskip.Route{Id: "a", BackendType: eskip.BackendType(99), Backend: "raw"})
	expectSame(t, &eskip.Route{Id: "legacy", Path: `/a"b\`, Method: "GET", HostRegexps: []string{`^a/b$`, "x"},
		PathRegexps: []string{`/\d`}, Headers: map[string]string{"B": "1", "A": `"`, "C\n": "x"},
		HeaderRegexps: map[string][]string{"X": {"b/", "a"}, "W": {"z"}},
		Predicates:    []*eskip.Predicate{{Name: "Any"}, {Name: "True"}}})
	expectSame(t, &eskip.Route{Id: "any", Predicates: []*eskip.Predicate{{Name: "Any"}}})
	args := []any{
		0.0, math.Copysign(0, -1), 1.0, -1.0, 0.5, .25, 1e21, 1e20, 123456789.0, 1234567.5, 1e-7, 0.0001, 1e300, -1e-300,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64,
		3, -7, "", "plain", `q"uote`, `back\slash`, "ctl\a\b\f\n\r\t\v\x00", "ä€😀", "/slash/", "\xff",
		text("marshal\"ed"), text(""), badText{}, true, nil, []int{1}, struct{ A int }{1},
	}
	expectSame(t, &eskip.Route{Id: "args", Predicates: []*eskip.Predicate{{Name: "P", Args: args}},
		Filters: []*eskip.Filter{{Name: "f", Args: args}, {Name: "g"}}, BackendType: eskip.NetworkBackend, Backend: `http://x"y`})
}

type text string

func (t text) MarshalText() ([]byte, error) { return []byte(t), nil }

type badText struct{}

func (badText) MarshalText() ([]byte, error) { return nil, errBad }

var errBad = errors.New("bad")

// TestPrintRandom compares random routes with random arguments.
func TestPrintRandom(t *testing.T) {
	strs := rapid.OneOf(rapid.String(), rapid.SampledFrom([]string{"", `"`, `\`, "/", "\n", "a\"b\\c/d\te"}))
	arg := rapid.OneOf(
		rapid.Float64().AsAny(), rapid.IntRange(-5, 5).AsAny(), strs.AsAny(),
		rapid.Map(rapid.IntRange(-1e6, 1e6), func(i int) any { return float64(i) / 8 }),
	)
	call := func(t *rapid.T, label string) (string, []any) {
		return rapid.SampledFrom([]string{"Path", "Host", "setPath", "f_1", "Any"}).Draw(t, label), rapid.SliceOfN(arg, 0, 4).Draw(t, label+"args")
	}
	rapid.Check(t, func(t *rapid.T) {
		var routes []*eskip.Route
		for i := range rapid.IntRange(1, 4).Draw(t, "routes") {
			r := &eskip.Route{Id: rapid.SampledFrom([]string{"", "r", "kube_rg__a__b__all__0_0"}).Draw(t, "id") + strings.Repeat("x", i)}
			for range rapid.IntRange(0, 3).Draw(t, "preds") {
				n, a := call(t, "p")
				r.Predicates = append(r.Predicates, &eskip.Predicate{Name: n, Args: a})
			}
			for range rapid.IntRange(0, 3).Draw(t, "filters") {
				n, a := call(t, "f")
				r.Filters = append(r.Filters, &eskip.Filter{Name: n, Args: a})
			}
			r.BackendType = eskip.BackendType(rapid.IntRange(0, 4).Draw(t, "backend"))
			r.Shunt = rapid.Bool().Draw(t, "shunt")
			r.Backend = strs.Draw(t, "address")
			for range rapid.IntRange(0, 3).Draw(t, "eps") {
				r.LBEndpoints = append(r.LBEndpoints, &eskip.LBEndpoint{Address: strs.Draw(t, "ep"), Zone: strs.Draw(t, "zone")})
			}
			r.LBAlgorithm = strs.Draw(t, "algorithm")
			routes = append(routes, r)
		}
		expectSame(t, routes...)
	})
}
