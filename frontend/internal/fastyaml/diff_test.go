package fastyaml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/internal/gen"
)

// decode is the reference: yaml.v3 decoding every document of b.
func decode(b []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var out []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, &n)
	}
}

// diff describes the first difference between two trees, or "".
func diff(path string, a, b *yaml.Node) string {
	if (a == nil) != (b == nil) {
		return path + ": one is nil"
	}
	if a == nil {
		return ""
	}
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) || (a.Alias == nil) != (b.Alias == nil) {
		return fmt.Sprintf("%s: fast {kind %d style %d tag %s value %q anchor %q at %d:%d, %d children}, yaml.v3 {kind %d style %d tag %s value %q anchor %q at %d:%d, %d children}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.Line, a.Column, len(a.Content),
			b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := diff(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// short shortens an input for a message.
func short(in []byte) string {
	if len(in) > 400 {
		return fmt.Sprintf("%q...", in[:400])
	}
	return fmt.Sprintf("%q", in)
}

// check compares Parse with yaml.v3 on in. Where Parse answers, yaml.v3
// must decode in to the same trees. It reports whether Parse answered.
func check(t testing.TB, name string, in []byte) bool {
	t.Helper()
	got, ok := Parse(in)
	if !ok {
		return false
	}
	want, err := decode(in)
	if err != nil {
		t.Errorf("%s: fastyaml parsed what yaml.v3 rejects (%v):\n%s", name, err, short(in))
		return true
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d documents, yaml.v3 %d:\n%s", name, len(got), len(want), short(in))
		return true
	}
	for i := range got {
		if d := diff(fmt.Sprintf("doc %d", i), got[i], want[i]); d != "" {
			t.Errorf("%s: %s\n%s", name, d, short(in))
			return true
		}
	}
	return true
}

// expectParsed checks in and requires Parse to answer.
func expectParsed(t *testing.T, name string, in []byte) {
	t.Helper()
	if !check(t, name, in) {
		t.Errorf("%s: not parsed, expected the fast path", name)
	}
}

func TestGeneratedStates(t *testing.T) {
	for seed := range uint64(3) {
		s := gen.Generate(gen.Config{Groups: 60, Seed: seed, Hosts: int(seed)})
		expectParsed(t, fmt.Sprintf("seed %d json", seed), s.JSON())
		expectParsed(t, fmt.Sprintf("seed %d yaml", seed), s.YAML())
		for _, d := range s.Docs()[:20] {
			expectParsed(t, d.Name, d.Content)
		}
	}
}

var jsonCases = []string{
	`{}`, `[]`, ` {} `, "\n\n{}\n", "{\r\n\"a\": 1\r\n}", "{\r\"a\": 1}", `{"a":1}`, `{"a" : 1 , "b":[1,2 ,3]}`,
	`{"a": -0, "b": 0, "c": -1.5e10, "d": 1E+2, "e": 123456789012345678901234567890, "f": 9223372036854775808}`,
	`{"a": true, "b": false, "c": null, "d": [true,false,null]}`, `[{"a":{}},{"b":[]},[[[]]]]`,
	`{"s": "a\"b\\cd\b\f\n\r\te\u00e9\u0000\u20ac"}`, `{"s": "\/"}`, `{"ä": "ö", "x": "日本語", "y": [1, "ü", 2]}`, `{"a": "😀", "b": 1}`,
	`{"a": 1, "a": 2}`, `{"": ""}`, `{"a": "` + strings.Repeat("x", 5000) + `"}`, `{"` + strings.Repeat("k", 999) + `": 1}`,
	`{"kind": "List", "items": [{"kind": "RouteGroup", "metadata": {"name": "x"}}]}`,
	// bail-outs: yaml.v3 may read them, fastyaml must not claim them wrongly
	`{"a": "\ud83d\ude00"}`, `{"a": 01}`, `{"a": 1.}`, `{"a": .5}`, `{"a": +1}`, `{"a": 1x}`, "{\"a\":\t1}", "{\"a\"\n: 1}",
	`{"a": tru}`, `{"a": True}`, `{"a": nulls}`, `{"a": 1,}`, `[1,]`, `{"a" 1}`, `{"a": 1} x`, `{} {}`, `{"a": "b` + "\x01" + `"}`,
	"{\"a\": \"\u0085\"}", "{\"a\": \"\u2028\"}", "\ufeff{}", `{"a": "\x"}`, `{"a": "\u12"}`, `{"` + strings.Repeat("k", 1100) + `": 1}`,
	"{\"a\": \"\xff\"}", `{"a": 1e400}`, `{"a": -}`, `{"a": 1}` + "\n---\n{}", `{"a": #c` + "\n1}", `{"a": [1 2]}`,
	strings.Repeat("[", 1100) + strings.Repeat("]", 1100),
}

func TestJSONCases(t *testing.T) {
	parsed := 0
	for _, c := range jsonCases {
		if check(t, c, []byte(c)) {
			parsed++
		}
	}
	if parsed < 18 {
		t.Errorf("only %d of the JSON cases parsed", parsed)
	}
}

var yamlCases = []string{
	"", "\n", "# only a comment\n", "a: 1\n", "a: 1", "---\na: 1\n", "a: 1\n---\n", "---\n", "---", "---\n---\na: 1\n",
	"a: 1\n---\n# c\n---\nb: 2\n", "--- # c\na: 1\n", "# c\n\n  a: 1\n", "a:\n- x\n- y\nb: 2\n", "a:\n  - x\n  -   y\n",
	"- a: 1\n  b: 2\n-   c: 3\n", "- x\n- 'y'\n- \"z\"\n", "a: [x, 'y', \"z\", 1, -2, 1.5, a.b/c]\n", "a: []\nb: {}\n", "a: [ x ,y ]\n",
	"a:\nb: 1\n", "a:   \nb: 1\n", "a: # c\nb: 1\n", "a:\n", "a:", "x:\n  a:\n  b: 1\n", "a: b #c\n", "a: b#c\n", "a: 'b #c'\n",
	"a: http://x:80/y\n", "a: b:c\n", "'a': 1\n\"b\": 2\n", "a: 'it''s'\n", "a: \"\\t\\\"\\u00e9\\x41\\U0001F600\\N\\_\\L\\P\\e\\0\\ \"\n",
	"a: true\nb: ~\nc: null\nd: 0x1F\ne: 1e3\nf: .5\ng: 2025-01-01T00:00:00Z\nh: 2025-01-01\ni: yes\nj: 0o17\nk: +1\nl: -.inf\n",
	"<<: {}\na: 1\n", "1: a\ntrue: b\n~: c\n", "a: ä\nö: ü 日本\n", "ä: [ö, 'ü']\n", "a: 1\r\nb:\r\n- 2\r\n",
	"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", "a:\n  # c\n  b: 1\n", "- - x\n", "-\n  a: 1\n", "- \n", "a: - x\n", "a: |\n  x\n",
	"a: >\n  x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "? a\n: 1\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "a: 'x\n  y'\n",
	"a: x\n  y\n", "a: \"x\n  y\"\n", "a:\tb\n", "\ta: 1\n", "a: 1\rb: 2\n", "a: b: c\n", "a: b:\n", "a : 1\n", "a: 1\n b: 2\n",
	"a: 1\n  b: 2\n", "- a\nb: 1\n", "a: 1\n- b\n", "a: {b: 1}\n", "a: [b, [c]]\n", "a: [b,]\n", "a: [b: c]\n", "a: '\n",
	"key: `x`\n", "key: @x\n", "a: 1\nb\n", "a: 1\nb 2\n", "\ufeffa: 1\n", "a: \u0085\n", "a: \"\\q\"\n", "a: \"\\u00\"\n",
	"a: \"\\ud800\"\n", "a: \"x\" y\n", "a: 'x'#c\n", "a: [x]#c\n", "---a: 1\n", "a: 1\n---b\n", "- a: 1\n b: 2\n",
	"a:\n- b: 1\n  c:\n  - d\n- e\n", "a: -1\nb: -x\nc: :x\nd: ?x\n", "- -1\n- :x\n", "x: " + strings.Repeat("v", 2000) + "\n",
	strings.Repeat("k", 1100) + ": 1\n", "a: 1 # c: d\n", "a: \"b\": 1\n", "'a': \n", "\"a\":\n  b: 1\n",
}

func TestYAMLCases(t *testing.T) {
	parsed := 0
	for _, c := range yamlCases {
		if check(t, c, []byte(c)) {
			parsed++
		}
	}
	if parsed < 45 {
		t.Errorf("only %d of the YAML cases parsed", parsed)
	}
}

// TestCorpus compares on every YAML and JSON file the repository and
// Skipper's fixtures hold, and the files of txtar archives.
func TestCorpus(t *testing.T) {
	roots := []string{"../../..", skipperFixtures(t)}
	parsed, total := 0, 0
	for _, root := range roots {
		if root == "" {
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			var files map[string][]byte
			switch filepath.Ext(path) {
			case ".yaml", ".yml", ".json":
				files = map[string][]byte{path: b}
			case ".txtar":
				files = txtarFiles(path, b)
			}
			for name, content := range files {
				total++
				if check(t, name, content) {
					parsed++
				}
			}
			return nil
		})
	}
	t.Logf("fast path on %d of %d files", parsed, total)
}

// txtarFiles returns the YAML and JSON files of a txtar archive.
func txtarFiles(path string, b []byte) map[string][]byte {
	out := map[string][]byte{}
	var name string
	var cur []byte
	flush := func() {
		if ext := filepath.Ext(name); ext == ".yaml" || ext == ".yml" || ext == ".json" {
			out[path+"/"+name] = cur
		}
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			flush()
			name, cur = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --"), nil
			continue
		}
		cur = append(cur, line...)
	}
	flush()
	return out
}

func skipperFixtures(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zalando/skipper").Output()
	if err != nil {
		t.Logf("no Skipper fixtures: %v", err)
		return ""
	}
	return filepath.Join(strings.TrimSpace(string(out)), "dataclients", "kubernetes", "testdata")
}

func FuzzParse(f *testing.F) {
	for _, c := range append(jsonCases, yamlCases...) {
		f.Add([]byte(c))
	}
	f.Add(gen.ObjectYAML(gen.Generate(gen.Config{Groups: 1}).Groups[0]))
	f.Fuzz(func(t *testing.T, in []byte) {
		check(t, "fuzz", in)
		checkList(t, "fuzz", in)
	})
}

// TestReaderRestart: the documents the reader delivers, followed by what
// yaml.v3 decodes from Rest, are what yaml.v3 decodes from the whole file.
func TestReaderRestart(t *testing.T) {
	docs := []string{"a: 1\n", "b: &x 2\nc: *x\n", "d: [x, y]\n", "e: |\n  z\n", "# c\n", "", "f: 'g'\n", "%YAML 1.2\n", "...\n", "h: 1\n"}
	var inputs []string
	for _, a := range docs {
		for _, b := range docs {
			for _, c := range docs {
				inputs = append(inputs, a+"---\n"+b+"---\n"+c, "---\n"+a+"---\n"+b+"--- # x\n"+c)
			}
		}
	}
	middle := 0
	for _, in := range inputs {
		want, err := decode([]byte(in))
		if err != nil {
			continue
		}
		r := NewReader([]byte(in))
		i := 0
		for d := r.Next(); d != nil; d = r.Next() {
			if i >= len(want) {
				t.Fatalf("%q: more documents than yaml.v3", in)
			}
			if dd := diff(fmt.Sprintf("doc %d", i), d, want[i]); dd != "" {
				t.Fatalf("%q: %s", in, dd)
			}
			i++
		}
		if i > 0 && r.Rest() < len(in) {
			middle++
		}
		rest, err := decode([]byte(in[r.Rest():]))
		if err != nil {
			t.Fatalf("%q: yaml.v3 fails from %d: %v", in, r.Rest(), err)
		}
		shift := strings.Count(in[:r.Rest()], "\n")
		for _, d := range rest {
			addLines(d, shift)
		}
		if i+len(rest) != len(want) {
			t.Fatalf("%q: %d fast and %d decoded from %d, yaml.v3 %d", in, i, len(rest), r.Rest(), len(want))
		}
		for j, d := range rest {
			if dd := diff(fmt.Sprintf("doc %d", i+j), d, want[i+j]); dd != "" {
				t.Fatalf("%q: from %d: %s", in, r.Rest(), dd)
			}
		}
	}
	if middle < 100 {
		t.Errorf("only %d inputs restarted after a fast document", middle)
	}
}

func addLines(n *yaml.Node, k int) {
	if n.Line > 0 {
		n.Line += k
	}
	for _, c := range n.Content {
		addLines(c, k)
	}
}

// checkList compares the List reader with yaml.v3 on in: the kind and
// every item, in order. It reports whether the List reader answered.
func checkList(t testing.TB, name string, in []byte) bool {
	t.Helper()
	r := NewReader(in)
	kind, ok := r.List()
	if !ok {
		return false
	}
	want, err := decode(in)
	if err != nil || len(want) != 1 {
		t.Errorf("%s: List read what yaml.v3 does not (%v)", name, err)
		return true
	}
	root := want[0].Content[0]
	var items *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "kind":
			if root.Content[i+1].Value != kind {
				t.Errorf("%s: kind %q, yaml.v3 %q", name, kind, root.Content[i+1].Value)
			}
		case "items":
			items = root.Content[i+1]
		}
	}
	i := 0
	for it := r.NextItem(); it != nil; it = r.NextItem() {
		if i >= len(items.Content) {
			t.Errorf("%s: more items than yaml.v3", name)
			return true
		}
		if d := diff(fmt.Sprintf("item %d", i), it, items.Content[i]); d != "" {
			t.Errorf("%s: %s", name, d)
			return true
		}
		i++
	}
	if i != len(items.Content) {
		t.Errorf("%s: %d items, yaml.v3 %d", name, i, len(items.Content))
	}
	return true
}

func TestList(t *testing.T) {
	s := gen.Generate(gen.Config{Groups: 40, Seed: 5})
	var compact bytes.Buffer
	if err := json.Compact(&compact, s.JSON()); err != nil {
		t.Fatal(err)
	}
	lists := map[string][]byte{"generated": s.JSON(), "compact": compact.Bytes(),
		"unicode": []byte(`{"apiVersion":"v1","metadata":{"x":"ä€"},"kind":"List","items":[{"a":"b", "ü": [1, "日本"]},{"c":1}, null, "x"]}`),
		"crlf":    []byte("{\r\n\"items\": [\r\n{\"a\": 1},\r{\"b\": \"c\"}\r\n],\r\n\"kind\": \"X\"}"),
		"empty":   []byte(`{"kind": "List", "items": []}`),
	}
	for name, in := range lists {
		if !checkList(t, name, in) {
			t.Errorf("%s: not read as a List", name)
		}
	}
	for _, in := range []string{`{"kind": "List", "kind": "List", "items": []}`, `{"kind": 1, "items": []}`, `{"kind": "List", "items": {}}`,
		`{"kind": "List"}`, `{"items": []}`, `[]`, `{"kind": "List", "items": [], "items": []}`, `{"kind": "List", "items": ["\ud800"]}`,
		`{"\u006bind": "List", "items": []}`, `{"kind": "List", "\u0069tems": [], "items": []}`} {
		if checkList(t, in, []byte(in)) {
			t.Errorf("%s: read as a List", in)
		}
	}
}

// TestScalarTag holds scalarTag to yaml.v3's resolver.
func TestScalarTag(t *testing.T) {
	for _, v := range []string{"", "0", "-0", "00", "007", "09", "1", "-1", "+1", "123456789012345678", "1234567890123456789",
		"99999999999999999999", "-", "1_000", "0x1F", "0o17", "0b1", "1.5", ".5", "1e3", "2025-01-01", "true", "True", "yes",
		"null", "~", "<<", "a", "Z9", ".inf", "-.inf", ".nan", "1:2", "8080", "-8080"} {
		n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
		want := n.ShortTag()
		if v == "<<" {
			want = "!!merge"
		}
		if got := scalarTag(v); got != want {
			t.Errorf("scalarTag(%q) = %s, yaml.v3 %s", v, got, want)
		}
	}
}
