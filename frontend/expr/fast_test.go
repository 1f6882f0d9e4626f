package expr

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc/internal/src"
)

// disagree compares the hand-written parser with the participle grammar
// on in, as predicates and as filters, spans included, and describes the
// first difference, or returns "". fast must accept exactly what the
// grammar accepts, with the same calls.
func disagree(in string) string {
	f := src.NewFile("x.yaml", []byte("k: "+in))
	m := src.NewOffsetMap(f, src.Pos{Line: 1, Col: 4}, src.Plain, in)
	for _, what := range []string{"predicate", "filter"} {
		p := newParse(in, what)
		if p == nil {
			continue
		}
		fast, ok := p.fast()
		slow := p.filters
		if what == "predicate" {
			slow = p.predicates
		}
		calls, err := slow()
		got, _ := (&Parsed{calls: fast}).At(m)
		want, _ := (&Parsed{calls: calls}).At(m)
		switch {
		case ok && err != nil:
			return fmt.Sprintf("%ss %q: fast accepts, the grammar says %s", what, in, err.msg)
		case !ok && err == nil:
			return fmt.Sprintf("%ss %q: the grammar accepts, fast does not", what, in)
		case ok && !reflect.DeepEqual(got, want):
			return fmt.Sprintf("%ss %q: fast %s, grammar %s", what, in, show(got), show(want))
		}
	}
	return ""
}

func TestFastAgrees(t *testing.T) {
	for _, in := range corpus {
		if d := disagree(in); d != "" {
			t.Error(d)
		}
	}
	frags := []string{"f", "(", ")", ",", "&&", "->", "*", "1", "\"a\"", "/r/", " ", "//c\n", "&"}
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		for _, in := range []string{prefix, "f(" + prefix + ")", "a() && " + prefix, "a() -> " + prefix} {
			if d := disagree(in); d != "" {
				t.Error(d)
			}
		}
		if n > 0 {
			for _, f := range frags {
				grow(prefix+f, n-1)
			}
		}
	}
	grow("", 3)
}

// TestFastAgreesRandom compares on chains of calls, mostly well formed,
// with random atoms spliced in.
func TestFastAgreesRandom(t *testing.T) {
	atoms := []string{"F", "_g1", "(", ")", ",", "&&", "->", "*", "0", "1.5", "\"s\"", "`b`", "/x/", " ", "\n", "//c\n", "&", "-", ";", "5.", "\"open"}
	args := []string{"0", ".5", "12.25", "\"x\"", "\"a\\\"b\"", "`q`", "/a/", "/[/]/", "/\\//"}
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for i := range rapid.IntRange(0, 4).Draw(t, "calls") {
			if i > 0 {
				b.WriteString(rapid.SampledFrom([]string{" && ", "->", " -> ", "&&"}).Draw(t, "sep"))
			}
			if rapid.IntRange(0, 4).Draw(t, "star") == 0 {
				b.WriteString("*")
				continue
			}
			b.WriteString(rapid.SampledFrom([]string{"Path", "f", "_x9"}).Draw(t, "name") + "(")
			if rapid.Bool().Draw(t, "leading comma") {
				b.WriteString(",")
			}
			for j := range rapid.IntRange(0, 3).Draw(t, "args") {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(rapid.SampledFrom(args).Draw(t, "arg"))
			}
			b.WriteString(")")
		}
		in := b.String()
		for range rapid.IntRange(0, 2).Draw(t, "splices") {
			at := rapid.IntRange(0, len(in)).Draw(t, "at")
			in = in[:at] + rapid.SampledFrom(atoms).Draw(t, "atom") + in[at:]
		}
		if d := disagree(in); d != "" {
			t.Fatal(d)
		}
	})
}
