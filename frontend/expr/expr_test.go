package expr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// show renders calls compactly for comparison: Name(arg, ...) joined by
// " ; ", with numbers as %v, strings as %q and regexps as /%s/.
func show(calls []*ir.Call) string {
	var out []string
	for _, c := range calls {
		var args []string
		for _, a := range c.Args {
			switch a.Kind {
			case ir.NumberArg:
				args = append(args, fmt.Sprint(a.Num))
			case ir.StringArg:
				args = append(args, fmt.Sprintf("%q", a.Str))
			default:
				args = append(args, "/"+a.Str+"/")
			}
		}
		out = append(out, c.Name+"("+strings.Join(args, ", ")+")")
	}
	return strings.Join(out, " ; ")
}

func expectPredicates(t *testing.T, in, want string) {
	t.Helper()
	calls, err := ParsePredicates(in, nil)
	if err != nil {
		t.Errorf("ParsePredicates(%q): %v", in, err.Msg)
	} else if got := show(calls); got != want {
		t.Errorf("ParsePredicates(%q) = %s, want %s", in, got, want)
	}
}

func expectFilters(t *testing.T, in, want string) {
	t.Helper()
	calls, err := ParseFilters(in, nil)
	if err != nil {
		t.Errorf("ParseFilters(%q): %v", in, err.Msg)
	} else if got := show(calls); got != want {
		t.Errorf("ParseFilters(%q) = %s, want %s", in, got, want)
	}
}

// expectError checks the error of parse(in) by its offset and message.
func expectError(t *testing.T, parse func(string, *src.OffsetMap) ([]*ir.Call, *Error), in string, offset int, msg string) {
	t.Helper()
	calls, err := parse(in, nil)
	if err == nil {
		t.Errorf("%q: no error, got %s", in, show(calls))
	} else if err.Offset != offset || err.Msg != msg {
		t.Errorf("%q: error at %d %q, want at %d %q", in, err.Offset, err.Msg, offset, msg)
	}
}

func TestPredicates(t *testing.T) {
	expectPredicates(t, `Path("/foo")`, `Path("/foo")`)
	expectPredicates(t, `Header("X-Foo", "bar") && Traffic(.3)`, `Header("X-Foo", "bar") ; Traffic(0.3)`)
	expectPredicates(t, `PathRegexp(/^\/api/)`, `PathRegexp(/^/api/)`)
	expectPredicates(t, `PathRegexp(/[/]x\d/)`, `PathRegexp(/[/]x\d/)`)
	expectPredicates(t, `PathRegexp(/a\\d/)`, `PathRegexp(/a\d/)`) // eskip turns \\ into \ in regexps
	expectPredicates(t, "*", ``)
	expectPredicates(t, "", ``)
	expectPredicates(t, " \t\n", ``)
	expectPredicates(t, "// only a comment", ``)
	expectPredicates(t, "* && Method(\"GET\") && *", `Method("GET")`)
	expectPredicates(t, "Any()", `Any()`) // only "*" is dropped
	expectPredicates(t, "F(,1, 2)", `F(1, 2)`)
	expectPredicates(t, "F(007, 1.50)", `F(7, 1.5)`)
	expectPredicates(t, "F(`a\\`b`)", "F(\"a`b\")")
	expectPredicates(t, `F("a\qb\n")`, `F("a\\qb\n")`)
	expectPredicates(t, "Foo() \xa0&& Bar()", `Foo() ; Bar()`)
	expectPredicates(t, "Foo()\u2000", `Foo()`)
	expectPredicates(t, "A() // x\n && _b_1()", `A() ; _b_1()`)
}

func TestFilters(t *testing.T) {
	expectFilters(t, `setRequestHeader("X", "a\"b") -> ratelimit(20, "1m")`, `setRequestHeader("X", "a\"b") ; ratelimit(20, "1m")`)
	expectFilters(t, "", ``)
	expectError(t, ParseFilters, "/* not a comment */", 0, `unexpected "/* not a comment */" in filter, expected a filter name`)
	expectFilters(t, "status(404)->inlineContent(\"x\")", `status(404) ; inlineContent("x")`)
}

func TestErrors(t *testing.T) {
	expectError(t, ParsePredicates, `Path#`, 4, `unexpected "#" in predicate, expected "("`)
	expectError(t, ParsePredicates, `  Foo(`, 6, `unexpected end of predicate, expected an argument or ")"`)
	expectError(t, ParsePredicates, `Foo(1,)`, 6, `unexpected ")" in predicate, expected an argument`)
	expectError(t, ParsePredicates, `Foo(,)`, 5, `unexpected ")" in predicate, expected an argument`)
	expectError(t, ParsePredicates, `Foo(1 2)`, 6, `unexpected "2" in predicate, expected "," or ")"`)
	expectError(t, ParsePredicates, `Traffic(-1)`, 8, `unexpected "-" in predicate, expected an argument or ")"`)
	expectError(t, ParsePredicates, `Traffic(1e3)`, 9, `unexpected "e3" in predicate, expected "," or ")"`)
	expectError(t, ParsePredicates, `Traffic(5.)`, 8, `invalid number "5." in predicate, expected a digit after "."`)
	expectError(t, ParsePredicates, `A() B()`, 4, `unexpected "B" in predicate, expected "&&"`)
	expectError(t, ParsePredicates, `A() &&`, 6, `unexpected end of predicate, expected a predicate name or "*"`)
	expectError(t, ParsePredicates, `A() -> B()`, 4, `unexpected "->" in predicate, expected "&&"`)
	expectError(t, ParsePredicates, `A()/`, 3, `unexpected "/" in predicate, expected "&&"`)
	expectError(t, ParsePredicates, `A("x`, 2, `unterminated string "\"x" in predicate`)
	expectError(t, ParsePredicates, `A(/[/]`, 2, `unterminated regular expression "/[/]" in predicate`)
	expectError(t, ParsePredicates, "A()\u2000&&B()", 3, `unexpected "\u2000" in predicate, expected "&&"`)
	expectError(t, ParsePredicates, `A(1) B("x`, 5, `unexpected "B" in predicate, expected "&&"`) // first problem wins
	expectError(t, ParseFilters, `*`, 0, `unexpected "*" in filter, expected a filter name`)
	expectError(t, ParseFilters, `a() ->`, 6, `unexpected end of filter, expected a filter name`)
	expectError(t, ParseFilters, `a() && b()`, 4, `unexpected "&&" in filter, expected "->"`)
	expectError(t, ParseFilters, `a(:)`, 2, `unexpected ":" in filter, expected an argument or ")"`)
	expectError(t, ParseFilters, `a("`+strings.Repeat("x", 40), 2, `unterminated string "\"xxxxxxxxxxxxxxxxxxxxxxx"... in filter`)
}

// expectSpans parses the filters of the double-quoted YAML scalar
// written as key: "..." and checks the file text at the spans.
func TestSpans(t *testing.T) {
	f := src.NewFile("r.yaml", []byte("key: \"setPath(\\\"/x\\\") -> status(404)\"\n"))
	m := src.NewOffsetMap(f, src.Pos{Line: 1, Col: 6}, src.DoubleQuoted, `setPath("/x") -> status(404)`)
	calls, err := ParseFilters(m.Value, m)
	if err != nil {
		t.Fatal(err)
	}
	text := func(s src.Span) string { return string(f.Content[s.Start.Offset:s.End.Offset]) }
	for _, c := range []struct{ got, want string }{
		{text(calls[0].NameSrc), "setPath"},
		{text(calls[0].Src), `setPath(\"/x\")`},
		{text(calls[0].Args[0].Src), `\"/x\"`},
		{text(calls[1].Src), "status(404)"},
		{calls[1].Args[0].Src.String(), "r.yaml:1:33"},
	} {
		if c.got != c.want {
			t.Errorf("span text %q, want %q", c.got, c.want)
		}
	}

	f = src.NewFile("r.yaml", []byte("key: |\n  Path(\"/\")\n  && Foo#\n"))
	m = src.NewOffsetMap(f, src.Pos{Line: 1, Col: 6}, src.Literal, "Path(\"/\")\n&& Foo#\n")
	_, err = ParsePredicates(m.Value, m)
	if err == nil || err.Span.String() != "r.yaml:3:9" || !err.Exact {
		t.Errorf("error %+v, want at r.yaml:3:9, exact", err)
	}
	if calls, _ := ParsePredicates("Foo()", nil); calls[0].Src.IsValid() {
		t.Errorf("span without a map: %v", calls[0].Src)
	}
}
