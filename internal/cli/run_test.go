package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*.txtar with the actual output")

// TestCLI runs each testdata/*.txtar case through run, in a temporary
// directory holding the case's files:
//
//	-- args --          the command line, split as a shell would ('' and "" quote)
//	-- stdin --         optional standard input
//	-- NAME --          input files
//	-- want/stdout --   expected standard output
//	-- want/stderr --   expected standard error
//	-- want/exit --     expected exit status
//
// go test ./cmd/rgc -update rewrites the want/ sections; read the diff
// before committing.
func TestCLI(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, path := range cases {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runCase(t, abs) })
	}
}

func runCase(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := parseTxtar(data)
	dir := t.TempDir()
	var args []string
	var stdin []byte
	for _, f := range a.files {
		switch {
		case f.name == "args":
			if args, err = splitArgs(string(f.data)); err != nil {
				t.Fatalf("args: %v", err)
			}
		case f.name == "stdin":
			stdin = f.data
		case strings.HasPrefix(f.name, "want/"):
		default:
			p := filepath.Join(dir, filepath.FromSlash(f.name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &stdout, &stderr)
	got := map[string]string{
		"want/stdout": strings.ReplaceAll(stdout.String(), dir, "$WORK"),
		"want/stderr": strings.ReplaceAll(stderr.String(), dir, "$WORK"),
		"want/exit":   strconv.Itoa(code) + "\n",
	}
	if *update {
		a.setWants(got)
		if err := os.WriteFile(path, a.format(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range []string{"want/exit", "want/stdout", "want/stderr"} {
		want, _ := a.file(name)
		if got[name] != want {
			t.Errorf("rgc %s\n%s differs:\n--- got\n%s--- want\n%s", strings.Join(args, " "), name, got[name], want)
		}
	}
}

// A txtar archive: a comment, then files introduced by "-- NAME --" lines,
// as golang.org/x/tools/txtar writes them.
type txtar struct {
	comment []byte
	files   []txtarFile
}

type txtarFile struct {
	name string
	data []byte
}

func parseTxtar(data []byte) *txtar {
	a := &txtar{}
	cur := &a.comment
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		s := strings.TrimSuffix(string(line), "\n")
		if strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") && len(s) > 6 {
			a.files = append(a.files, txtarFile{name: strings.TrimSpace(s[3 : len(s)-3])})
			cur = &a.files[len(a.files)-1].data
			continue
		}
		*cur = append(*cur, line...)
	}
	return a
}

func (a *txtar) file(name string) (string, bool) {
	for _, f := range a.files {
		if f.name == name {
			return string(f.data), true
		}
	}
	return "", false
}

// setWants replaces the want/ files, in a fixed order after the others.
func (a *txtar) setWants(wants map[string]string) {
	var files []txtarFile
	for _, f := range a.files {
		if !strings.HasPrefix(f.name, "want/") {
			files = append(files, f)
		}
	}
	for _, name := range []string{"want/stdout", "want/stderr", "want/exit"} {
		files = append(files, txtarFile{name: name, data: []byte(wants[name])})
	}
	a.files = files
}

func (a *txtar) format() []byte {
	var b bytes.Buffer
	b.Write(a.comment)
	for _, f := range a.files {
		fmt.Fprintf(&b, "-- %s --\n", f.name)
		b.Write(f.data)
		if len(f.data) > 0 && f.data[len(f.data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// splitArgs splits a command line at white space outside quotes; single
// quotes keep everything, double quotes allow \" and \\.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inArg = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			inArg = true
		case c == ' ' || c == '\t' || c == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

func TestSplitArgs(t *testing.T) {
	got, err := splitArgs(`compile -a='x=y=Foo("a b") && Bar()' "q \"r\"" plain` + "\n")
	want := []string{"compile", `-a=x=y=Foo("a b") && Bar()`, `q "r"`, "plain"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "rgc ") || !strings.Contains(out.String(), "skipper ") {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("device gone") }

func TestStdinReadErrorIsAnIOError(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"compile", "-"}, failingReader{}, &out, &errb); code != exitIO || errb.String() != "rgc: read -: device gone\n" {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestOtherLibraryErrorsAreInternal(t *testing.T) {
	var errb bytes.Buffer
	if code := reportError(&errb, "compile", errors.New("internal error in pass emit: boom")); code != exitInternal || !strings.Contains(errb.String(), "bug in rgc") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
