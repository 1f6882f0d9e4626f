package fuzz

import (
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/ir"
)

// exprSeeds are realistic predicate and filter strings plus the corners
// of eskip's lexer; both targets start from all of them.
var exprSeeds = []string{
	``, ` `, `*`, `* && *`, `Any()`, `// comment`, "// c\n*",
	`Path("/")`, `PathSubtree("/api")`, `Method("GET") && Host(/^example\.org$/)`,
	`Header("X-Foo", "bar")`, `HeaderRegexp("User-Agent", /Chrome/)`, `Traffic(.3)`, `Traffic(0.3, "group", "a")`,
	`PathRegexp(/^\/api/)`, `PathRegexp(/[/]x/)`, `PathRegexp(/a\\d/)`, `Cookie("c", /^x[\]]/)`,
	`Weight(10) && True()`, `Path("/") && Header("X", "a\"b\n")`,
	`setRequestHeader("X", "a\"b")`, `ratelimit(20, "1m")`, `clusterRatelimit("g", 10, "1h", "auth")`,
	`setPath("/x") -> status(404) -> inlineContent("nope")`, "inlineContent(`{\"a\": 1}`)",
	`modPath(/^\/api\/(.*)/, "/$1")`, `redirectTo(308, "https://example.org")`, `f(,1)`, `f(1,)`,
	`f(1.)`, `f(.5)`, `f(1.2.3)`, `f(00012)`, `f(-1)`, `f(1e3)`, `f(0x10)`, `f(1_0)`,
	"f()\xa0&& g()", "f()\u2000", "f()\u2000&&g()", `f() // c`, "f(//c\n1)", `f()/`, `f(/`, `f("`, "f(`",
	`a() -> b()`, `a() && b()`, `a();`, `r: a() -> <shunt>`, `f("\a\b\f\n\r\t\v\q")`,
}

// sameExprCalls reports whether ours holds eskip's names and argument values.
func sameExprCalls(ours []*ir.Call, names []string, args [][]any) bool {
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

func checkExprOffset(t *testing.T, in string, err *expr.Error) {
	if err != nil && (err.Offset < 0 || err.Offset > len(in)) {
		t.Fatalf("%q: error offset %d outside the text", in, err.Offset)
	}
}

func FuzzPredicates(f *testing.F) {
	for _, s := range exprSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, werr := eskip.ParsePredicates(in)
		got, gerr := expr.ParsePredicates(in, nil)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: eskip error %v, ours %v", in, werr, gerr)
		}
		checkExprOffset(t, in, gerr)
		var names []string
		var args [][]any
		for _, p := range want {
			names, args = append(names, p.Name), append(args, p.Args)
		}
		if werr == nil && !sameExprCalls(got, names, args) {
			t.Fatalf("%q: values differ from eskip's %v", in, want)
		}
	})
}

func FuzzFilters(f *testing.F) {
	for _, s := range exprSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, werr := eskip.ParseFilters(in)
		got, gerr := expr.ParseFilters(in, nil)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: eskip error %v, ours %v", in, werr, gerr)
		}
		checkExprOffset(t, in, gerr)
		var names []string
		var args [][]any
		for _, p := range want {
			names, args = append(names, p.Name), append(args, p.Args)
		}
		if werr == nil && !sameExprCalls(got, names, args) {
			t.Fatalf("%q: values differ from eskip's %v", in, want)
		}
	})
}
