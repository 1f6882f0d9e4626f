package docs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var (
	codeHeadingRx = regexp.MustCompile(`^###\s+(RG\d{3})\b`)
	codeMentionRx = regexp.MustCompile(`\bRG\d{3}\b`)
	noExampleRx   = regexp.MustCompile(`<!--\s*no example:\s*\S`)
	flagRowRx     = regexp.MustCompile("^\\|\\s*`(-[a-zA-Z][a-zA-Z0-9-]*)")
)

// declaredCodes parses diag/codes.go and returns the value of
// every constant of type Code.
func declaredCodes(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "diag", "codes.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("codes.go: %s is not a string literal", name.Name)
				}
				v, _ := strconv.Unquote(lit.Value)
				codes[v] = name.Name
			}
		}
	}
	if len(codes) == 0 {
		t.Fatal("codes.go: no codes found")
	}
	return codes
}

// TestDiagnosticCodes checks docs/diagnostics.md against codes.go both
// ways: every declared code has a section (### RGnnn ...), every section
// is a declared code, and every RGnnn mentioned anywhere in the docs
// exists. Each section has an example that produces its code, or an
// HTML comment "<!-- no example: reason -->".
func TestDiagnosticCodes(t *testing.T) {
	codes := declaredCodes(t)
	var manual *mdFile
	for _, f := range docFiles(t) {
		if f.path == "diagnostics.md" {
			manual = f
		}
		for i, line := range f.lines {
			for _, c := range codeMentionRx.FindAllString(line, -1) {
				if _, ok := codes[c]; !ok {
					t.Errorf("%s:%d: %s is not a code declared in diag/codes.go", f.path, i+1, c)
				}
			}
		}
	}
	if manual == nil {
		t.Fatal("docs/diagnostics.md is missing")
	}
	type section struct {
		line      int
		noExample bool
		produced  bool
	}
	sections := map[string]*section{}
	var current *section
	for i, line := range manual.lines {
		if m := codeHeadingRx.FindStringSubmatch(line); m != nil {
			if sections[m[1]] != nil {
				t.Errorf("diagnostics.md:%d: a second section for %s", i+1, m[1])
			}
			current = &section{line: i + 1}
			sections[m[1]] = current
			continue
		}
		if headingRx.MatchString(line) {
			current = nil
		}
		if current != nil && noExampleRx.MatchString(line) {
			current.noExample = true
		}
	}
	for _, ex := range examples(manual) {
		m := codeHeadingRx.FindStringSubmatch("### " + ex.yaml.heading)
		if m == nil || sections[m[1]] == nil {
			continue
		}
		_, res, _, _, err := ex.run()
		if err != nil {
			continue // TestExamples reports it
		}
		found := false
		for _, d := range res.Diagnostics {
			found = found || string(d.Code) == m[1]
		}
		if !found {
			t.Errorf("%s: the example of %s does not produce %s", ex.yaml.loc(), m[1], m[1])
		}
		sections[m[1]].produced = sections[m[1]].produced || found
	}
	var names []string
	for c := range codes {
		names = append(names, c)
	}
	sort.Strings(names)
	withExample := 0
	for _, c := range names {
		s := sections[c]
		switch {
		case s == nil:
			t.Errorf("diagnostics.md: no section for %s (%s), declared in diag/codes.go", c, codes[c])
		case s.produced:
			withExample++
		case !s.noExample:
			t.Errorf("diagnostics.md:%d: %s has no example that produces it and no <!-- no example: reason --> comment", s.line, c)
		}
	}
	for c, s := range sections {
		if _, ok := codes[c]; !ok {
			t.Errorf("diagnostics.md:%d: section for %s, which diag/codes.go does not declare", s.line, c)
		}
	}
	t.Logf("%d codes declared and documented, %d with a compiled example", len(codes), withExample)
}

// registeredFlags parses the non-test files of cmd/rgc and serve
// and returns the names of the flags registered with a literal name
// (fs.BoolVar(&x, "name", ...), fs.String("name", ...), ...), the keys of
// the unsupportedFlags table, and the names listed in serve's
// FlagNames and OwnFlagNames, which rgc serve registers in a loop.
func registeredFlags(t *testing.T) map[string]bool {
	t.Helper()
	var paths []string
	for _, dir := range []string{filepath.Join("..", "internal", "cli"), filepath.Join("..", "serve")} {
		ps, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, ps...)
	}
	flags := map[string]bool{}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if name, ok := flagName(n); ok {
					flags[name] = true
				}
			case *ast.ValueSpec:
				if len(n.Names) != 1 || len(n.Values) != 1 {
					break
				}
				cl, ok := n.Values[0].(*ast.CompositeLit)
				if !ok {
					break
				}
				switch n.Names[0].Name {
				case "unsupportedFlags":
					for _, e := range cl.Elts {
						if kv, ok := e.(*ast.KeyValueExpr); ok {
							if s, ok := stringLit(kv.Key); ok {
								flags[s] = true
							}
						}
					}
				case "FlagNames", "OwnFlagNames":
					for _, e := range cl.Elts {
						if s, ok := stringLit(e); ok {
							flags[s] = true
						}
					}
				}
			}
			return true
		})
	}
	if len(flags) == 0 {
		t.Fatal("cmd/rgc: no flags found")
	}
	return flags
}

// flagName recognizes the flag package's registration methods by name and
// arity and returns the literal flag name.
func flagName(c *ast.CallExpr) (string, bool) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pos := -1
	switch sel.Sel.Name {
	case "Bool", "String", "Int", "Int64", "Uint", "Duration", "Float64", "Func", "BoolFunc":
		pos = 0
	case "BoolVar", "StringVar", "IntVar", "Int64Var", "UintVar", "DurationVar", "Float64Var", "Var", "TextVar":
		pos = 1
	}
	if pos < 0 || len(c.Args) < pos+2 {
		return "", false
	}
	return stringLit(c.Args[pos])
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// TestManualFlags checks the flag tables of docs/manual.md and
// docs/serve.md (rows that start with a `-flag` cell) against the flags
// cmd/rgc and rgc serve register, both ways.
func TestManualFlags(t *testing.T) {
	registered := registeredFlags(t)
	documented := map[string]string{}
	for _, name := range []string{"manual.md", "serve.md"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := flagRowRx.FindStringSubmatch(line); m != nil {
				if _, dup := documented[m[1]]; !dup {
					documented[m[1]] = name + ":" + strconv.Itoa(i+1)
				}
			}
		}
	}
	var missing []string
	for f := range registered {
		if _, ok := documented["-"+f]; !ok {
			missing = append(missing, "-"+f)
		}
	}
	sort.Strings(missing)
	for _, f := range missing {
		t.Errorf("flag %s of cmd/rgc is not documented (add a row starting with `%s` to a flag table of manual.md, or serve.md for rgc serve)", f, f)
	}
	for f, where := range documented {
		if !registered[strings.TrimPrefix(f, "-")] {
			t.Errorf("%s: flag %s is documented but rgc does not register it", where, f)
		}
	}
	t.Logf("%d flags registered by cmd/rgc, all documented", len(registered))
}

// TestArchitecturePasses checks that the pass table of architecture.md
// lists exactly the passes of passes/pipeline.go.
func TestArchitecturePasses(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "passes", "pipeline.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	passes := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Name" {
			if s, ok := stringLit(kv.Value); ok {
				passes[s] = true
			}
		}
		return true
	})
	if len(passes) == 0 {
		t.Fatal("passes/pipeline.go: no passes found")
	}
	b, err := os.ReadFile("architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	// The table that starts with the header "| pass | does |".
	rowRx := regexp.MustCompile(`^\| ([a-z-]+) \|`)
	listed := map[string]bool{}
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "| pass | does |"):
			in = true
		case in && !strings.HasPrefix(line, "|"):
			in = false
		case in:
			if m := rowRx.FindStringSubmatch(line); m != nil {
				listed[m[1]] = true
			}
		}
	}
	for p := range passes {
		if !listed[p] {
			t.Errorf("architecture.md: pass %q of passes/pipeline.go is not in the pass table", p)
		}
	}
	for p := range listed {
		if !passes[p] {
			t.Errorf("architecture.md: the pass table lists %q, which passes/pipeline.go does not have", p)
		}
	}
}
