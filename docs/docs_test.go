package docs_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

var update = flag.Bool("update", false, "rewrite the eskip and text blocks that follow the doc examples with rgc's output")

var routeGroupRx = regexp.MustCompile(`(?m)^\s*kind:\s*["']?RouteGroup["']?\s*$`)

// example is a yaml block holding a RouteGroup, with the blocks that show
// what rgc prints for it.
type example struct {
	yaml   *fence
	stdout *fence // an eskip block: the routing table
	stderr *fence // a text block: the diagnostics and the summary line
}

// examples pairs each RouteGroup yaml block with the eskip block and then
// the text block that follow it in the same section, if any.
func examples(f *mdFile) []*example {
	var out []*example
	for i, fc := range f.fences {
		if fc.info != "yaml" || !routeGroupRx.MatchString(fc.body) {
			continue
		}
		ex := &example{yaml: fc}
		prev, j := fc, i+1
		if j < len(f.fences) && f.fences[j].info == "eskip" && !f.headingBetween(prev, f.fences[j]) {
			ex.stdout, prev = f.fences[j], f.fences[j]
			j++
		}
		if j < len(f.fences) && f.fences[j].info == "text" && !f.headingBetween(prev, f.fences[j]) {
			ex.stderr = f.fences[j]
		}
		out = append(out, ex)
	}
	return out
}

// TestExamples compiles every RouteGroup example of the docs and the
// README and compares the output with the blocks that follow it: the
// routing table with eskip.EqLists and the same route order, the
// diagnostics as text. An example without a text block must compile
// without errors or warnings.
func TestExamples(t *testing.T) {
	var total, withRoutes, withDiags int
	for _, f := range docFiles(t) {
		var edits []edit
		for _, ex := range examples(f) {
			total++
			if ex.stdout != nil {
				withRoutes++
			}
			if ex.stderr != nil {
				withDiags++
			}
			edits = append(edits, checkExample(t, ex)...)
		}
		if *update {
			applyEdits(t, f, edits)
		}
	}
	t.Logf("%d RouteGroup examples compiled: %d with their routing table, %d with their diagnostics", total, withRoutes, withDiags)
	if total == 0 {
		t.Error("no RouteGroup examples found")
	}
}

// run compiles an example as its comment says and renders stdout and
// stderr as rgc would print them.
func (ex *example) run() (inv *invocation, res *rgc.Result, stdout, stderr string, err error) {
	inv, err = parseInvocation(ex.yaml.comment)
	if err != nil {
		return nil, nil, "", "", err
	}
	res, err = rgc.Compile(inv.opts, rgc.Input{Name: inv.file, Content: []byte(ex.yaml.body)})
	if err != nil {
		return nil, nil, "", "", err
	}
	if inv.cmd == "compile" && len(res.Routes) > 0 {
		var b bytes.Buffer
		eskip.Fprint(&b, eskip.PrettyPrintInfo{Pretty: inv.pretty, IndentStr: "  "}, res.Routes...)
		b.WriteString("\n")
		stdout = b.String()
	}
	return inv, res, stdout, renderDiagnostics(res.Diagnostics, inv), nil
}

func checkExample(t *testing.T, ex *example) []edit {
	t.Helper()
	where := ex.yaml.loc()
	inv, res, stdout, stderr, err := ex.run()
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return nil
	}
	checkShownCommand(t, ex)
	var edits []edit
	if inv.cmd == "check" && ex.stdout != nil {
		t.Errorf("%s: rgc check prints no routes, but an eskip block follows", where)
	}
	if ex.stdout != nil && !sameRoutes(t, ex.stdout, res.Routes) {
		if *update {
			edits = append(edits, edit{ex.stdout.open + 1, ex.stdout.end, indentLines(ex.stdout.indent, stdout)})
		} else {
			t.Errorf("%s: the routing table differs from the eskip block at %s; rgc %s prints:\n%s",
				where, ex.stdout.loc(), inv.cmd, stdout)
		}
	}
	var shown string
	if ex.stderr != nil {
		shown = ex.stderr.body
		if stderr == "" {
			t.Errorf("%s: the text block at %s stands for diagnostics, but rgc %s prints none; remove it (or show infos with -v)", where, ex.stderr.loc(), inv.cmd)
			return edits
		}
	}
	if shown != stderr {
		printed := stderr
		if printed == "" {
			printed = "(nothing)\n"
		}
		switch {
		case !*update && ex.stderr == nil:
			t.Errorf("%s: rgc %s prints diagnostics the docs do not show; add a text block after the example:\n%s", where, inv.cmd, printed)
		case !*update:
			t.Errorf("%s: the diagnostics differ from the text block at %s; rgc %s prints:\n%s", where, ex.stderr.loc(), inv.cmd, printed)
		case ex.stderr == nil:
			after := ex.yaml
			if ex.stdout != nil {
				after = ex.stdout
			}
			lines := append([]string{""}, fenceLines(after.indent, "text", stderr)...)
			edits = append(edits, edit{after.end + 1, after.end + 1, lines})
		default:
			edits = append(edits, edit{ex.stderr.open + 1, ex.stderr.end, indentLines(ex.stderr.indent, stderr)})
		}
	}
	return edits
}

var shownCommandRx = regexp.MustCompile("`(rgc (?:compile|check)\\b[^`]*)`")

// checkShownCommand requires an example whose output is shown to name, in
// the prose between the yaml block and the output, the exact command that
// produced it: "`rgc compile -service-dns app.yaml` prints:".
func checkShownCommand(t *testing.T, ex *example) {
	t.Helper()
	out := ex.stdout
	if out == nil {
		out = ex.stderr
	}
	if out == nil {
		return
	}
	if !ex.yaml.hasComment {
		t.Errorf("%s: an example with output needs its command: <!-- rgc: compile [flags] FILE -->", ex.yaml.loc())
		return
	}
	words := strings.Fields(ex.yaml.comment)
	if len(words) == 0 || (words[0] != "compile" && words[0] != "check") {
		words = append([]string{"compile"}, words...)
	}
	want := "rgc " + strings.Join(words, " ")
	prose := strings.Join(ex.yaml.file.lines[ex.yaml.end+1:out.open], "\n")
	m := shownCommandRx.FindAllStringSubmatch(prose, -1)
	if len(m) == 0 {
		t.Errorf("%s: name the command before the output, as `%s`", ex.yaml.loc(), want)
		return
	}
	for _, c := range m {
		if got := strings.Join(strings.Fields(c[1]), " "); got != want {
			t.Errorf("%s: the prose shows `%s`, but the example runs `%s`", ex.yaml.loc(), got, want)
		}
	}
}

// sameRoutes compares the routes of an eskip block with rgc's: equal by
// eskip.EqLists, and in the same order, since rgc's order is part of its
// output (spec §8.5).
func sameRoutes(t *testing.T, fc *fence, got []*eskip.Route) bool {
	t.Helper()
	want, err := eskip.Parse(fc.body)
	if err != nil {
		t.Errorf("%s: eskip block does not parse: %v", fc.loc(), err)
		return false
	}
	if !eskip.EqLists(normalize(got), normalize(want)) || len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Id != want[i].Id {
			return false
		}
	}
	return true
}

// normalize returns the canonical form of routes with the predicates of
// equal name in a fixed order. eskip.Parse keeps Header predicates in the
// legacy Headers map, and eskip.Canonical turns the map back into
// predicates in map order and sorts them by name only, so without this a
// route with two Header predicates compares equal only some of the time.
func normalize(routes []*eskip.Route) []*eskip.Route {
	out := make([]*eskip.Route, len(routes))
	for i, r := range routes {
		c := eskip.Canonical(r)
		sort.SliceStable(c.Predicates, func(a, b int) bool {
			pa, pb := c.Predicates[a], c.Predicates[b]
			if pa.Name != pb.Name {
				return pa.Name < pb.Name
			}
			return fmt.Sprint(pa.Args...) < fmt.Sprint(pb.Args...)
		})
		out[i] = c
	}
	return out
}

// renderDiagnostics prints diagnostics as cmd/rgc's writeDiagnostics does:
// each as Diagnostic.Text, then a summary such as "1 error, 2 warnings";
// info only with -v, errors only with -q.
func renderDiagnostics(diags rgc.Diagnostics, inv *invocation) string {
	least := rgc.Warning
	switch {
	case inv.verbose:
		least = rgc.Info
	case inv.quiet:
		least = rgc.Error
	}
	var b strings.Builder
	for _, d := range diags {
		if d.Severity >= least {
			b.WriteString(d.Text())
			b.WriteString("\n")
		}
	}
	var parts []string
	for _, s := range []struct {
		sev              rgc.Severity
		singular, plural string
	}{{rgc.Error, "error", "errors"}, {rgc.Warning, "warning", "warnings"}, {rgc.Info, "info", "info"}} {
		if s.sev < least {
			continue
		}
		switch n := diags.Count(s.sev); n {
		case 0:
		case 1:
			parts = append(parts, "1 "+s.singular)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, s.plural))
		}
	}
	if len(parts) > 0 {
		b.WriteString(strings.Join(parts, ", "))
		b.WriteString("\n")
	}
	return b.String()
}

func indentLines(indent, body string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if l != "" {
			l = indent + l
		}
		out = append(out, l)
	}
	if body == "" {
		return nil
	}
	return out
}

// TestEskipBlocks checks that every eskip block in the docs parses, also
// those that do not follow an example.
func TestEskipBlocks(t *testing.T) {
	for _, f := range docFiles(t) {
		for _, fc := range f.fences {
			if fc.info != "eskip" {
				continue
			}
			if _, err := eskip.Parse(fc.body); err != nil {
				t.Errorf("%s: %v", fc.loc(), err)
			}
		}
	}
}

// TestExampleComments checks that every <!-- rgc: --> comment stands
// before a RouteGroup example, so that none is silently ignored.
func TestExampleComments(t *testing.T) {
	for _, f := range docFiles(t) {
		used := map[*fence]bool{}
		for _, ex := range examples(f) {
			used[ex.yaml] = true
		}
		for _, fc := range f.fences {
			if fc.hasComment && !used[fc] {
				t.Errorf("%s: an rgc comment before a block that is not a RouteGroup yaml example", fc.loc())
			}
		}
	}
}

// TestExamplesCLI runs every example through the rgc command itself, built
// from this module, and requires the blocks after it to be exactly what it
// prints: the eskip block its standard output, the text block its standard
// error. TestExamples compiles through the library; this test holds the
// docs to the command line the reader types, flags and rendering included.
// -short skips it (it builds cmd/rgc).
func TestExamplesCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/rgc")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build cmd/rgc")
	}
	bin := filepath.Join(t.TempDir(), "rgc")
	build := exec.Command(goTool, "build", "-o", bin, "github.com/rgc-dev/rgc/cmd/rgc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cmd/rgc: %v\n%s", err, out)
	}
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range docFiles(t) {
		for _, ex := range examples(f) {
			if ex.stdout == nil && ex.stderr == nil {
				continue
			}
			n++
			stdout, stderr, err := ex.runCLI(t, bin, testdata)
			if err != nil {
				t.Errorf("%s: %v", ex.yaml.loc(), err)
				continue
			}
			if ex.stdout != nil && stdout != ex.stdout.body {
				t.Errorf("%s: the eskip block at %s is not what the rgc command prints:\n%s", ex.yaml.loc(), ex.stdout.loc(), stdout)
			}
			want := ""
			if ex.stderr != nil {
				want = ex.stderr.body
			}
			if stderr != want {
				t.Errorf("%s: the rgc command prints other diagnostics than the docs show:\n%s", ex.yaml.loc(), stderr)
			}
		}
	}
	t.Logf("%d examples run through the rgc command", n)
}

// runCLI runs the example's command line in a fresh directory holding the
// example as its file and a link to the docs' testdata.
func (ex *example) runCLI(t *testing.T, bin, testdata string) (stdout, stderr string, err error) {
	t.Helper()
	words, err := splitWords(ex.yaml.comment)
	if err != nil {
		return "", "", err
	}
	if len(words) == 0 || (words[0] != "compile" && words[0] != "check") {
		words = append([]string{"compile"}, words...)
	}
	inv, err := parseInvocation(ex.yaml.comment)
	if err != nil {
		return "", "", err
	}
	dir := t.TempDir()
	if err := os.Symlink(testdata, filepath.Join(dir, "testdata")); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(dir, inv.file), []byte(ex.yaml.body), 0o644); err != nil {
		return "", "", err
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, words...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &out, &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() > 1 {
			return "", "", fmt.Errorf("rgc %s: %v\n%s", strings.Join(words, " "), err, errOut.String())
		}
	}
	return out.String(), errOut.String(), nil
}
