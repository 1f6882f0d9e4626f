package fuzz

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/diag"
)

// Property 2: no input makes rgc panic or fail internally, every
// diagnostic points into its file, and every injected defect gives an
// error positioned in the document that holds it.

func TestNoInternalError(t *testing.T) { check(t, 2000, propNoInternalError) }

func FuzzNoInternalError(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propNoInternalError)) }

func propNoInternalError(t *rapid.T) {
	s := genState(t, anyConfig)
	for i, n := 0, count(t, "defects", 0, 3); i < n; i++ {
		injectDefect(t, s, defectKinds)
	}
	fs := render(s)
	checkDiagnostics(t, fs, compile(t, fs, s.Opts))
}

func TestDefectPositions(t *testing.T) { check(t, 1000, propDefectPositions) }

func FuzzDefectPositions(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propDefectPositions)) }

func propDefectPositions(t *rapid.T) {
	s := genState(t, genConfig{clean: true, minGroups: 1, maxGroups: 3})
	fs := render(s)
	base := compile(t, fs, s.Opts)
	checkDiagnostics(t, fs, base)
	if base.HasErrors() {
		t.Fatalf("a clean state has errors (a generator bug, or rgc rejects valid input):\n%s\n%s", diagText(base), dump(fs))
	}
	if !injectDefect(t, s, defectKinds) {
		return
	}
	fs = render(s)
	res := compile(t, fs, s.Opts)
	checkDiagnostics(t, fs, res)
	name, r := objectRange(fs, s.Defect.obj)
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error && d.Span.FileName() == name && r.Start <= d.Span.Start.Offset && d.Span.Start.Offset <= r.End {
			return
		}
	}
	t.Fatalf("defect %q in %s (%s, bytes %d-%d) has no error diagnostic there (want e.g. %s):\n%s\n%s",
		s.Defect.kind.name, s.Defect.group, name, r.Start, r.End, s.Defect.kind.code, diagText(res), dump(fs))
}

func objectRange(fs []file, obj int) (string, objRange) {
	for _, f := range fs {
		for _, r := range f.Objs {
			if r.Obj == obj {
				return f.Name, r
			}
		}
	}
	return "", objRange{}
}

// checkDiagnostics: no internal error, and every position is inside its
// file, with line and column agreeing with the byte offset.
func checkDiagnostics(t tb, fs []file, res *rgc.Result) {
	t.Helper()
	size := map[string]int{}
	for _, f := range fs {
		size[f.Name] = len(f.Content)
	}
	for _, d := range res.Diagnostics {
		if d.Code == diag.InternalError {
			t.Fatalf("internal error: %s\n%s", d.Text(), dump(fs))
		}
		if d.Code == "" || d.Message == "" {
			t.Fatalf("diagnostic without code or message: %+v", d)
		}
		f := d.Span.File
		if f == nil {
			continue
		}
		n, ok := size[f.Name]
		if !ok {
			continue // e.g. a default filters file
		}
		p := d.Span.Start
		if !p.IsValid() {
			continue
		}
		if p.Offset < 0 || p.Offset > n || p.Col < 1 {
			t.Fatalf("position %s (offset %d) outside %s (%d bytes): %s\n%s", p, p.Offset, f.Name, n, d.Text(), dump(fs))
		}
		if q := f.PosAt(p.Offset); q.Line != p.Line || q.Col != p.Col {
			t.Fatalf("position %s disagrees with its offset %d (%s): %s\n%s", p, p.Offset, q, d.Text(), dump(fs))
		}
	}
}
