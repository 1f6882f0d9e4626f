package frontend

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/internal/src"
)

// TestLocateAgrees holds the loader's arithmetic locator to
// src.OffsetMap on every offset pair of scalars in every style.
func TestLocateAgrees(t *testing.T) {
	values := []string{
		`Path("/x")`, `'Header("a", "b")'`, `"setPath(\"/x\") -> f(1)"`, `"plain in double"`, `'it''s'`,
		`ä(ö) && ü("日本")`, `"ä \u00e9"`, `'ä'`, `|` + "\n  f()\n", `>` + "\n  f()\n  g()\n", `!!str f(1)`, `&a f(2)`,
		`"a\\b"`, `a # c`, `"x"  # c`, `f()  `,
	}
	for _, v := range values {
		in := "k: " + v + "\n"
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(in), &doc); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		n := doc.Content[0].Content[1]
		l := &loader{file: src.NewFile("t.yaml", []byte(in))}
		got := l.locate(n, n.Value)
		want := src.NewOffsetMap(l.file, l.scalarPos(n), scalarStyle(n), n.Value)
		for i := -1; i <= len(n.Value)+1; i++ {
			for j := i; j <= len(n.Value)+1; j++ {
				gs, ge := got.Span(i, j)
				ws, we := want.Span(i, j)
				if !reflect.DeepEqual(gs, ws) || ge != we {
					t.Fatalf("%q [%d,%d): %v %v, offset map %v %v", in, i, j, gs, ge, ws, we)
				}
			}
		}
	}
}

// TestPosAgrees holds posAfter to src.File.
func TestPosAgrees(t *testing.T) {
	f := src.NewFile("t.yaml", []byte("ab: c\näö: 日本 x\n\n  z: \"q\"\nlast"))
	l := &loader{file: f}
	for a := 0; a <= len(f.Content); a++ {
		if a < len(f.Content) && !utf8.RuneStart(f.Content[a]) {
			continue // spans start at characters
		}
		for b := a; b <= len(f.Content); b++ {
			if got, want := l.posAfter(f.PosAt(a), b), f.PosAt(b); got != want {
				t.Errorf("posAfter(%d, %d) = %v, want %v", a, b, got, want)
			}
		}
	}
}
