package frontend

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*.txtar")

// TestGolden loads the input sections (*.yaml, *.yml, *.json, in order) of
// each testdata/*.txtar and compares the diagnostics with
// want/diagnostics and a dump of the program with want/ir. Sections named
// default-filters/NAME are written to a directory read with
// LoadDefaultFilters. Run with -update to rewrite the want sections, and
// read the diff.
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.txtar")
	if len(paths) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := parseTxtar(string(data))
			gotDiags, gotIR := runArchive(t, a)
			if *update {
				a.set("want/diagnostics", gotDiags)
				a.set("want/ir", gotIR)
				if err := os.WriteFile(path, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for name, got := range map[string]string{"want/diagnostics": gotDiags, "want/ir": gotIR} {
				want, _ := a.get(name)
				if got != want {
					t.Errorf("%s differs (run go test -update and read the diff)\n--- got\n%s--- want\n%s", name, got, want)
				}
			}
		})
	}
}

func runArchive(t *testing.T, a *archive) (diags, dump string) {
	var files []*src.File
	var dir string
	for _, f := range a.files {
		switch {
		case strings.HasPrefix(f.name, "want/"):
		case strings.HasPrefix(f.name, "default-filters/"):
			if dir == "" {
				dir = t.TempDir()
			}
			if err := os.WriteFile(filepath.Join(dir, strings.TrimPrefix(f.name, "default-filters/")), []byte(f.data), 0o644); err != nil {
				t.Fatal(err)
			}
		case isInputName(f.name):
			files = append(files, src.NewFile(f.name, []byte(f.data)))
		}
	}
	prog, ds := Load(files)
	if dir != "" {
		df, more, err := LoadDefaultFilters(dir)
		if err != nil {
			t.Fatal(err)
		}
		prog.DefaultFilters = df
		// The directory is temporary; show paths relative to it.
		for i := range more {
			more[i].Span.File.Name = strings.TrimPrefix(more[i].Span.File.Name, dir+string(filepath.Separator))
		}
		for _, f := range df {
			f.File = strings.TrimPrefix(f.File, dir+string(filepath.Separator))
		}
		ds = append(ds, more...)
	}
	return renderDiags(ds), dumpProgram(prog)
}

func renderDiags(ds diag.List) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// dumpProgram renders what the front end built, one node a line, with the
// positions of the values that diagnostics of later passes point at.
func dumpProgram(p *ir.Program) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, g := range p.Groups {
		w("RouteGroup %s doc=%d at %s%s", g.ID(), g.Doc, pos(g.Src), flags(g.Bad, !g.HasSpec, "no-spec"))
		dumpMeta(w, &g.Meta)
		for _, h := range g.Hosts {
			w("  host %s", str(h))
		}
		for _, be := range g.Backends {
			w("  backend %s %s name=%s type=%s(%s) address=%s service=%s port=%s algorithm=%s endpoints=%s%s",
				be.Path, pos(be.Src), str(be.Name), be.Type, str(be.TypeName), str(be.Address), str(be.ServiceName),
				integer(be.ServicePort), str(be.Algorithm), strs(be.Endpoints), flags(be.Bad, false, ""))
		}
		dumpRefs(w, "  ", g.DefaultBackends)
		for _, r := range g.Routes {
			w("  route %s index=%d %s path=%s pathSubtree=%s pathRegexp=%s methods=%s%s",
				r.Path, r.Index, pos(r.Src), str(r.PathExact), str(r.PathSubtree), str(r.PathRegexp), strs(r.Methods), flags(r.Bad, false, ""))
			dumpRefs(w, "    ", r.Backends)
			for _, e := range append(append([]*ir.Expr(nil), r.Predicates...), r.Filters...) {
				w("    %s %s = %s%s", e.Path, str(e.Text), calls(e.Calls), flags(e.Bad, false, ""))
			}
		}
		for _, tls := range g.TLS {
			w("  tls %s hosts=%s secretName=%s", pos(tls.Src), strs(tls.Hosts), str(tls.SecretName))
		}
	}
	for _, k := range sortedKeys(p.Services) {
		s := p.Services[k]
		w("Service %s doc=%d type=%s clusterIP=%s", k, s.Doc, str(s.Type), str(s.ClusterIP))
		for _, sp := range s.Ports {
			tp := "-"
			if sp.TargetPort != nil {
				tp = fmt.Sprintf("%s(int=%v)", sp.TargetPort, sp.TargetPort.IsInt)
			}
			w("  port %s name=%q port=%d targetPort=%s protocol=%q", pos(sp.Src), sp.Name, sp.Port, tp, sp.Protocol)
		}
	}
	for _, k := range sortedKeys(p.Endpoints) {
		e := p.Endpoints[k]
		w("Endpoints %s doc=%d", k, e.Doc)
		for _, s := range e.Subsets {
			w("  subset addresses=%v ports=%s", s.Addresses, ports(s.Ports))
		}
	}
	for _, k := range sortedKeys(p.EndpointSlices) {
		for _, s := range p.EndpointSlices[k] {
			w("EndpointSlice %s for %s doc=%d hasPorts=%v ports=%s", s.ID(), k, s.Doc, s.HasPorts, ports(s.Ports))
			for _, e := range s.Endpoints {
				w("  endpoint %v zone=%q ready=%s serving=%s terminating=%s", e.Addresses, e.Zone, boolp(e.Ready), boolp(e.Serving), boolp(e.Terminating))
			}
		}
	}
	for _, k := range sortedKeys(p.DefaultFilters) {
		f := p.DefaultFilters[k]
		w("DefaultFilters %s file=%s calls=%s err=%q", k, f.File, calls(f.Calls), f.Err)
	}
	w("HasClusterState=%v", p.HasClusterState)
	return b.String()
}

func dumpMeta(w func(string, ...any), m *ir.Meta) {
	w("  name=%s namespace=%s", str(m.Name), str(m.Namespace))
	for _, k := range sortedKeys(m.Annotations) {
		w("  annotation %q=%q at %s", k, m.Annotations[k], pos(m.AnnotSrc[k]))
	}
	for _, k := range sortedKeys(m.Labels) {
		w("  label %q=%q", k, m.Labels[k])
	}
}

func dumpRefs(w func(string, ...any), indent string, refs []*ir.BackendRef) {
	for _, r := range refs {
		w("%sref %s %s name=%s weight=%s%s", indent, r.Path, pos(r.Src), str(r.Name), integer(r.Weight), flags(r.Bad, false, ""))
	}
}

func pos(s src.Span) string {
	if !s.IsValid() {
		return "-"
	}
	if s.End.IsValid() {
		return s.Start.String() + "-" + s.End.String()
	}
	return s.Start.String()
}

func str(s ir.Str) string {
	if !s.Src.IsValid() {
		return strconv.Quote(s.V)
	}
	return strconv.Quote(s.V) + "@" + pos(s.Src)
}

func strs(ss []ir.Str) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = str(s)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func integer(i ir.Int) string {
	if !i.Set {
		return "unset"
	}
	return strconv.Itoa(i.V) + "@" + pos(i.Src)
}

func flags(bad, missing bool, missingName string) string {
	s := ""
	if bad {
		s += " BAD"
	}
	if missing {
		s += " " + missingName
	}
	return s
}

func calls(cs []*ir.Call) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		args := make([]string, len(c.Args))
		for j, a := range c.Args {
			args[j] = fmt.Sprintf("%#v", a.Value())
		}
		parts[i] = fmt.Sprintf("%s(%s)@%s", c.Name, strings.Join(args, ", "), pos(c.NameSrc))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func ports(ps []*ir.EndpointPort) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s:%d/%s/%s", p.Name, p.Port, p.Protocol, p.AppProtocol)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func boolp(b *bool) string {
	if b == nil {
		return "nil"
	}
	return strconv.FormatBool(*b)
}

func sortedKeys[K comparable, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	return keys
}
