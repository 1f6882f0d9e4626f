package expr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// sameCalls reports whether ours holds the names and argument values of
// eskip's predicates or filters.
func sameCalls(ours []*ir.Call, names []string, args [][]any) bool {
	if len(ours) != len(names) {
		return false
	}
	for i, c := range ours {
		if c.Name != names[i] || len(c.Args) != len(args[i]) {
			return false
		}
		for j, a := range c.Args {
			if a.Value() != args[i][j] {
				return false
			}
		}
	}
	return true
}

// diffPredicates compares ParsePredicates with eskip's on in and
// describes the difference, or returns "".
func diffPredicates(in string) string {
	want, werr := eskip.ParsePredicates(in)
	var names []string
	var args [][]any
	for _, p := range want {
		names, args = append(names, p.Name), append(args, p.Args)
	}
	return diff("predicates", in, werr, names, args, ParsePredicates)
}

// diffFilters compares ParseFilters with eskip's on in.
func diffFilters(in string) string {
	want, werr := eskip.ParseFilters(in)
	var names []string
	var args [][]any
	for _, f := range want {
		names, args = append(names, f.Name), append(args, f.Args)
	}
	return diff("filters", in, werr, names, args, ParseFilters)
}

func diff(what, in string, werr error, names []string, args [][]any, parse func(string, *src.OffsetMap) ([]*ir.Call, *Error)) string {
	got, gerr := parse(in, nil)
	switch {
	case (werr == nil) != (gerr == nil):
		return fmt.Sprintf("%s %q: eskip error %v, ours %v", what, in, werr, gerr)
	case werr == nil && !sameCalls(got, names, args):
		return fmt.Sprintf("%s %q: ours %s, eskip %v %v", what, in, show(got), names, args)
	case gerr != nil && (gerr.Offset < 0 || gerr.Offset > len(in)):
		return fmt.Sprintf("%s %q: error offset %d outside the text", what, in, gerr.Offset)
	}
	return ""
}

// expectSame fails t when either parser differs from eskip's on in.
func expectSame(t *testing.T, in string) {
	t.Helper()
	for _, d := range []string{diffPredicates(in), diffFilters(in)} {
		if d != "" {
			t.Error(d)
		}
	}
}

var corpus = []string{
	``, ` `, "\t\n", `*`, `* && *`, `**`, `*()`, `Any()`, `// c`, "// c\n", "//", "/", "/x", "//\n*",
	`Path("/")`, `Path("/") && Method("GET")`, `Header("X-Foo", "bar")`, `Traffic(.3)`, `Traffic(0.3, "g", "a")`,
	`PathRegexp(/^\/api/)`, `PathRegexp(/[/]/)`, `PathRegexp(/[\]/]/)`, `PathRegexp(/\[/]/)`, `PathRegexp(/a\\/)`, `PathRegexp(/a\\\/b/)`,
	`PathRegexp(/a/b/)`, `R(/[/)`, `R(/\/)`, `R(/[[]/]/)`, `R(/]/)`, "R(/\n/)",
	`setRequestHeader("X", "a\"b")`, `ratelimit(20, "1m")`, `f("\a\b\f\n\r\t\v\\\"\q\'")`, "f(`\\a\\``)", "f(`\"`)", "f(\"`\")",
	"f(\"a\nb\")", "f(\"\\\n\")", `f("\`, `f("`, "f(`", `f(1) -> g(2)`, `f() -> `, `-> f()`, `f()->g()->h()`,
	`f(1)`, `f(1.)`, `f(.)`, `f(..1)`, `f(1..2)`, `f(1.2.3)`, `f(.5.5)`, `f(00.50)`, `f(-1)`, `f(+1)`, `f(1e3)`, `f(1E3)`,
	`f(0x10)`, `f(1_000)`, `f(Inf)`, `f(NaN)`, `f(` + strings.Repeat("9", 400) + `)`, `f(0.` + strings.Repeat("0", 400) + `1)`,
	`f(,1)`, `f(,)`, `f(1,)`, `f(,,1)`, `f(1,,2)`, `f(,1,2)`, `f((1))`, `f(1)(2)`, `f(a)`, `f(1 2)`, `f("a" "b")`,
	`f ( 1 , "x" , /y/ )`, "f\n(\n1\n)", "f(1) // c\n&& g()", "f(//c\n1)", "f(1)//", "f(1)/**/",
	`_()`, `_1()`, `a_b_1()`, `1a()`, `a-b()`, `a.b()`, `a:b()`, `ä()`, `a()ä`, `a();`, `a() ; b()`, `r: a() -> <shunt>`,
	`a() && b() && c()`, `a() &&& b()`, `a() & b()`, `a() || b()`, `a() -> b() && c()`, `a() && b() -> c()`, `a() -> * `,
	"\u00a0a()\u00a0", "a()\xa0", "\xa0a()", "\x85a()", "a()\u0085", "\u0085a()\u0085&&b()", "a()\u2000&&b()", "\ufeffa()",
	"a(\"\xff\")", "a(\xff)", "\xff", "a(\"\x00\")", "a()\x00", "\u3000a()\u3000", "a(`\u2000`)",
	`<`, `<shunt>`, `>`, `a(<)`, `a(>)`, `a("x") -> "http://x"`, `*->*`, `a()->`, `a()&&`,
}

func TestDifferentialCorpus(t *testing.T) {
	for _, in := range corpus {
		expectSame(t, in)
	}
}

// TestDifferentialCombinations compares every sequence of up to three
// fragments, inside and outside an argument list.
func TestDifferentialCombinations(t *testing.T) {
	frags := []string{"f", "(", ")", ",", "&&", "->", "*", "1", ".5", "5.", "\"a\"", "\"\\", "`b`", "/r/", "/[/", "//c\n", " ", "\xa0", "\u2000", "&", "-", "/", ":", "\\", ".", "\n"}
	if testing.Short() {
		frags = frags[:12]
	}
	var seqs []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		seqs = append(seqs, prefix)
		if n == 0 {
			return
		}
		for _, f := range frags {
			grow(prefix+f, n-1)
		}
	}
	grow("", 3)
	for _, s := range seqs {
		for _, in := range []string{s, "f(" + s + ")", "a() && " + s, "a() -> " + s} {
			expectSame(t, in)
		}
	}
}

// TestDifferentialRandom compares random chains of calls, built mostly
// right so that they reach deep into the grammar, with random fragments
// spliced in.
func TestDifferentialRandom(t *testing.T) {
	names := []string{"Path", "f_1", "_", "Any", "a9"}
	args := []string{
		"0", "1.5", ".25", "007", "9.", "1e3", "-1", "\"x\"", "\"a\\\"b\"", "\"\\q\\n\\`\"", "`x`", "`\\`\\\"`",
		"/a/", "/\\//", "/[/]/", "/[\\]/]/", "/\\[/", "/a\\\\/", "/]/", "//c\n", "\"ä\\xff\xff\"",
	}
	joins := []string{" && ", "&&", " -> ", "->", " ", "\n"}
	frags := []string{
		"(", ")", ",", "*", "&&", "->", " ", "\t", "\xa0", "\x85", "\u00a0", "\u2000", "//c\n", "/", "\"", "`",
		"&", "-", ":", ";", "<", ">", "#", "ä", "\xff", "\\", ".", "[", "]",
	}
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for i := range rapid.IntRange(0, 4).Draw(t, "calls") {
			if i > 0 {
				b.WriteString(rapid.SampledFrom(joins).Draw(t, "join"))
			}
			if rapid.IntRange(0, 5).Draw(t, "star") == 0 {
				b.WriteString("*")
				continue
			}
			b.WriteString(rapid.SampledFrom(names).Draw(t, "name") + "(")
			for j := range rapid.IntRange(0, 3).Draw(t, "args") {
				if j > 0 {
					b.WriteString(rapid.SampledFrom([]string{",", ", ", " ,"}).Draw(t, "comma"))
				}
				b.WriteString(rapid.SampledFrom(args).Draw(t, "arg"))
			}
			b.WriteString(")")
		}
		in := b.String()
		for range rapid.IntRange(0, 2).Draw(t, "splices") {
			at := rapid.IntRange(0, len(in)).Draw(t, "at")
			in = in[:at] + rapid.SampledFrom(frags).Draw(t, "frag") + in[at:]
		}
		for _, d := range []string{diffPredicates(in), diffFilters(in)} {
			if d != "" {
				t.Fatal(d)
			}
		}
	})
}
