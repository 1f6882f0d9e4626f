package fuzz

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
)

// Property 3: the same input compiles to byte-identical output, and any
// permutation of the input documents (across files, in and out of Lists)
// compiles to an equal table.

func TestDeterminism(t *testing.T) { check(t, 800, propDeterminism) }

func FuzzDeterminism(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propDeterminism)) }

func propDeterminism(t *rapid.T) {
	s := genState(t, anyConfig)
	if chance(t, "defect", 30) {
		injectDefect(t, s, defectKinds)
	}
	fs := render(s)
	o, cleanup, err := s.Opts.writeFilters() // one directory: diagnostics name it
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer cleanup()
	a, b := compile(t, fs, o), compile(t, fs, o)
	if x, y := output(t, a), output(t, b); !bytes.Equal(x, y) {
		t.Fatalf("two compilations of the same input differ:\n%s\n---\n%s\ninput:\n%s", x, y, dump(fs))
	}
	if x, y := diagText(a), diagText(b); x != y {
		t.Fatalf("two compilations of the same input report differently:\n%s\n---\n%s\ninput:\n%s", x, y, dump(fs))
	}

	if s.Defect != nil && s.Defect.kind.name == "yaml-syntax" {
		return // a syntax error loses its document, and a List loses all its items
	}
	p := s.clone()
	bfs := render(p)
	base := compile(t, bfs, s.Opts)
	p.Layout = genLayout(t, len(p.objects()))
	pfs := render(p)
	c := compile(t, pfs, s.Opts)
	if !eqTables(base.Routes, c.Routes) {
		t.Fatalf("permuting the documents changes the table (- before, + after):\n%s\noptions: %+v\nbefore:\n%s\nafter:\n%s",
			tableDiff(base.Routes, c.Routes), s.Opts, dump(bfs), dump(pfs))
	}
}

// output renders the table as rgc prints it: eskip text, pretty eskip
// text and JSON.
func output(t tb, res *rgc.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(eskip.Print(eskip.PrettyPrintInfo{}, res.Routes...))
	b.WriteString("\n")
	b.WriteString(eskip.Print(eskip.PrettyPrintInfo{Pretty: true, IndentStr: "  "}, res.Routes...))
	j, err := json.Marshal(res.Routes)
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	b.Write(j)
	return b.Bytes()
}
