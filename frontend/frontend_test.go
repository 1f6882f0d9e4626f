package frontend

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

func load(t testing.TB, name, content string) diag.List {
	t.Helper()
	_, ds := Load([]*src.File{src.NewFile(name, []byte(content))})
	return ds
}

func codes(ds diag.List) string {
	var s []string
	for _, d := range ds {
		s = append(s, string(d.Code))
	}
	return strings.Join(s, " ")
}

// billionLaughs returns the classic alias bomb with levels levels of
// fan-out 9 below a RouteGroup's hosts.
func billionLaughs(levels int) string {
	var b strings.Builder
	b.WriteString("apiVersion: zalando.org/v1\nkind: RouteGroup\nmetadata: {name: lol}\nspec:\n  x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= levels; i++ {
		p := fmt.Sprintf("*x%d", i-1)
		fmt.Fprintf(&b, "  x%d: &x%d [%s]\n", i, i, strings.Repeat(p+", ", 8)+p)
	}
	fmt.Fprintf(&b, "  hosts: *x%d\n", levels)
	return b.String()
}

func TestAliasBombIsRejectedQuickly(t *testing.T) {
	for _, levels := range []int{9, 30} {
		start := time.Now()
		ds := load(t, "lol.yaml", billionLaughs(levels))
		if el := time.Since(start); el > 500*time.Millisecond {
			t.Errorf("%d levels: took %v", levels, el)
		}
		if got := codes(ds); got != "RG009" {
			t.Errorf("%d levels: got %q, want RG009\n%s", levels, got, renderDiags(ds))
		}
	}
}

func TestModestAliasesAreAccepted(t *testing.T) {
	ds := load(t, "ok.yaml", billionLaughs(2)) // 729 nodes from ~40
	for _, d := range ds {
		if d.Code == diag.AliasLimit {
			t.Fatalf("modest aliasing rejected: %s", d.Text())
		}
	}
}

// TestSyntaxErrorPositions pins the reflection on yaml.v3's parser state:
// should yaml.v3 change its fields, positions fall back to the message's
// line, and this test says so.
func TestSyntaxErrorPositions(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a: 1\nb: [1, 2\nc: 3\n", "x.yaml:3:2"},
		{"a:\n  - x\n - y\n", "x.yaml:3:2"},
		{"a: b: c\n", "x.yaml:1:5"},
		{"a: 1\nb: \"\\q\"\n", "x.yaml:2:5"},
		{"xä: 1\ny: \xff\n", "x.yaml:2:4"},
		{"a: 1\nb: *nope\n", "x.yaml:2:4"},
	} {
		dec := yaml.NewDecoder(strings.NewReader(c.in))
		var n yaml.Node
		if err := dec.Decode(&n); err == nil {
			t.Fatalf("%q: no error", c.in)
		}
		if strings.Contains(c.in, "*nope") {
			// an unknown anchor has no mark; fallbackPos finds it
		} else if m := parserMark(dec); !m.ok {
			t.Errorf("%q: yaml.v3's parser state could not be read; update parserMark", c.in)
		}
		ds := load(t, "x.yaml", c.in)
		if len(ds) != 1 || ds[0].Code != diag.YAMLSyntax || ds[0].Span.String() != c.want {
			t.Errorf("%q: got %s, want one RG001 at %s", c.in, renderDiags(ds), c.want)
		}
	}
}

func TestLoadRecoversFromPanics(t *testing.T) {
	prog, ds := Load([]*src.File{src.NewFile("ok.yaml", []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {}\n")), nil})
	if codes(ds) != "RG901" {
		t.Fatalf("got %q, want RG901", codes(ds))
	}
	if prog == nil || len(prog.Services) != 1 {
		t.Fatalf("the program read before the panic is lost: %+v", prog)
	}
}

// skipperFixtures returns the RouteGroup fixtures of Skipper's Kubernetes
// data client, read from the module cache at test time.
func skipperFixtures(t testing.TB) []string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zalando/skipper").Output()
	if err != nil {
		t.Skipf("skipper module not available: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	paths, _ := filepath.Glob(filepath.Join(dir, "dataclients/kubernetes/testdata/routegroups/*/*.yaml"))
	if len(paths) == 0 {
		t.Skip("no fixtures in " + dir)
	}
	return paths
}

// TestSkipperFixtures loads every fixture of Skipper's route group tests:
// no panic and no syntax error, and, as they are objects Kubernetes would
// accept, no type errors either.
func TestSkipperFixtures(t *testing.T) {
	debugPanics = true
	defer func() { debugPanics = false }()
	paths := skipperFixtures(t)
	files, _, err := ReadPaths(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, f := range files {
		prog, ds := Load([]*src.File{f})
		groups += len(prog.Groups)
		for _, d := range ds {
			switch d.Code {
			case diag.YAMLSyntax, diag.InternalError, diag.WrongType, diag.InvalidNumber, diag.AliasLimit:
				t.Errorf("%s", d.Text())
			default:
				t.Logf("%s", d.Line())
			}
		}
	}
	if groups < 100 {
		t.Errorf("read %d route groups from %d files; expected more", groups, len(files))
	}
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"b.yaml":          "b",
		"a.yml":           "a",
		"sub/c.json":      "c",
		"sub/d.txt":       "not read",
		"sub/deep/e.YAML": "e",
		"z.eskip":         "not read",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, diags, err := ReadPaths([]string{dir, "-", filepath.Join(dir, "sub/d.txt")}, strings.NewReader("stdin"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f.Name, dir+"/")+"="+string(f.Content))
	}
	want := "a.yml=a b.yaml=b sub/c.json=c sub/deep/e.YAML=e <stdin>=stdin sub/d.txt=not read"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if _, _, err := ReadPaths([]string{filepath.Join(dir, "missing.yaml")}, nil); !os.IsNotExist(err) {
		t.Errorf("a missing file: got %v, want a not-exist error", err)
	}
}

// TestDefaultFiltersEntries covers Skipper's rules for the entries of
// -default-filters-dir that a txtar archive cannot hold: directories,
// links and large files.
func TestDefaultFiltersEntries(t *testing.T) {
	dir := t.TempDir()
	big := append([]byte("status(200)\n"), bytes.Repeat([]byte("// padding\n"), maxDefaultFiltersSize/11)...)
	must(t, os.WriteFile(filepath.Join(dir, "big.ns"), big, 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "some.directory"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "target"), big, 0o644))
	// Skipper checks the size of the link, not of its target.
	must(t, os.Symlink(filepath.Join(dir, "target"), filepath.Join(dir, "link.ns")))
	must(t, os.Symlink(filepath.Join(dir, "some.directory"), filepath.Join(dir, "dirlink.ns")))
	df, ds, err := LoadDefaultFilters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(df) != 1 || df[keyOf("link", "ns")] == nil || len(df[keyOf("link", "ns")].Calls) != 1 {
		t.Errorf("got %v, want only link.ns with all its filters", df)
	}
	got := renderDiags(ds)
	for _, want := range []string{`"big.ns" is larger than 1 MiB`, `"some.directory" is not a regular file`, `"dirlink.ns" cannot be read`, `"target" is not SERVICE.NAMESPACE`} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if _, _, err := LoadDefaultFilters(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory is not an error")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func keyOf(name, ns string) ir.Key { return ir.Key{Namespace: ns, Name: name} }

// TestSyntaxErrorsResume: reader errors (control characters, bad UTF-8)
// come from yaml.v3's read-ahead, before the parser reaches earlier
// problems; decoding resumes after each and never loops. Found by
// FuzzLoad.
func TestSyntaxErrorsResume(t *testing.T) {
	in := "kind: RouteGroup\nspec:\x16x\n---\nkind: RouteGroup\nhosts: [a\n---\napiVersion: \x8bv1\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {}\n"
	prog, ds := Load([]*src.File{src.NewFile("x.yaml", []byte(in))})
	got := renderDiags(ds)
	want := "x.yaml:2:6: error: control characters are not allowed [RG001]\n\nx.yaml:7:13: error: invalid leading UTF-8 octet [RG001]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(prog.Services) != 1 {
		t.Errorf("the document after the errors was not read")
	}
}

// TestReadPathsSkipsAndReports: hidden entries (editor lock files, swap
// files, a ConfigMap volume's "..data" directory) are not read; an entry
// that cannot be read is a diagnostic on it, and the rest is read.
func TestReadPathsSkipsAndReports(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"a.yaml":                      "a",
		".a.yaml.swp":                 "swap",
		".hidden.yaml":                "hidden",
		"..2026_12_04/b.yaml":         "b, twice through the volume's link",
		"..data/b.yaml":               "b, twice",
		"sub/.git/config.yaml":        "hidden directory",
		"sub/c.yaml":                  "c",
		"sub/c.yaml~":                 "backup",
		"sub/#c.yaml#":                "autosave",
		"sub/deep/.#d.yaml.lock.yaml": "lock",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An Emacs lock file is a dangling symbolic link; so is a broken
	// link to a real input.
	for name, target := range map[string]string{".#a.yaml": "user@host.1234:1700000000", "broken.yaml": "gone.yaml", "b.yaml": "..data/b.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	files, diags, err := ReadPaths([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f.Name, dir+"/")+"="+string(f.Content))
	}
	if want := "a.yaml=a b.yaml=b, twice sub/c.yaml=c"; strings.Join(got, " ") != want {
		t.Errorf("read  %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %v, want one for broken.yaml", diags)
	}
	d := diags[0]
	if d.Code != diag.UnreadableInput || d.Severity != diag.Error || d.Span.FileName() != filepath.Join(dir, "broken.yaml") ||
		!strings.Contains(d.Message, "no such file") || !strings.Contains(d.Hint, `"gone.yaml"`) {
		t.Errorf("diagnostic: %+v", d)
	}
}
