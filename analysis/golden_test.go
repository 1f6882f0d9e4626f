package analysis_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/analysis"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

var update = flag.Bool("update", false, "rewrite want/diagnostics of testdata/*.txtar with the actual output")

// TestGolden compiles each testdata/*.txtar case with the analyses on and
// compares every diagnostic, rendered with its position, path and hint:
//
//	-- flags --              optional: options, see caseOptions
//	-- NAME.yaml --          inputs, compiled in name order
//	-- default-filters/F --  optional: a -default-filters-dir file
//	-- want/diagnostics --   the expected diagnostics
//
// go test ./analysis -run Golden -update rewrites want/diagnostics; read the
// diff before committing.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runGolden(t, path) })
	}
}

func runGolden(t *testing.T, path string) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []rgc.Input
	var flags string
	dir := ""
	for _, f := range a.Files {
		switch {
		case f.Name == "flags":
			flags = string(f.Data)
		case strings.HasPrefix(f.Name, "default-filters/"):
			if dir == "" {
				dir = t.TempDir()
			}
			if err := os.WriteFile(filepath.Join(dir, strings.TrimPrefix(f.Name, "default-filters/")), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		case strings.HasSuffix(f.Name, ".yaml"):
			inputs = append(inputs, rgc.Input{Name: f.Name, Content: f.Data})
		}
	}
	opts, err := caseOptions(flags)
	if err != nil {
		t.Fatalf("flags: %v", err)
	}
	opts.DefaultFiltersDir = dir
	res, err := rgc.Compile(opts, inputs...)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range res.Diagnostics {
		b.WriteString(d.Text())
		b.WriteByte('\n')
	}
	got := b.String()
	if dir != "" {
		got = strings.ReplaceAll(got, dir, "$DEFAULTS")
	}
	if *update {
		setFile(a, "want/diagnostics", got)
		if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := fileData(a, "want/diagnostics"); got != want {
		t.Errorf("diagnostics differ\n--- got\n%s--- want\n%s", got, want)
	}
}

// caseOptions reads a case's flags: rgc check's analysis and policy flags
// and the few conversion flags the cases need. Every case compiles in
// check mode with -service-dns, so that no Services are needed.
func caseOptions(text string) (rgc.Options, error) {
	opts := passes.Options{CheckMode: true, ServiceDNS: true}
	ao := analysis.Options{Registry: true, CrossGroup: true}
	fs := flag.NewFlagSet("case", flag.ContinueOnError)
	fs.BoolVar(&opts.EnableEastWest, "enable-kubernetes-east-west", false, "")
	fs.StringVar(&opts.EastWestDomain, "kubernetes-east-west-domain", "", "")
	fs.BoolVar(&opts.HTTPSRedirect, "kubernetes-https-redirect", false, "")
	ewRange := fs.String("kubernetes-east-west-range-domains", "", "")
	annFilters := fs.String("kubernetes-annotation-filters-append", "", "key=value=filters")
	annPreds := fs.String("kubernetes-annotation-predicates", "", "key=value=predicates")
	noAnalysis := fs.Bool("no-analysis", false, "")
	denyF := fs.String("deny-filters", "", "")
	denyP := fs.String("deny-predicates", "", "")
	allow := fs.String("allow-backend-host", "", "")
	fs.IntVar(&ao.Policy.MaxRoutesPerGroup, "max-routes-per-group", 0, "")
	fs.BoolVar(&ao.Policy.ExclusiveHosts, "exclusive-hosts", false, "")
	fs.BoolVar(&ao.Levels.Werror, "Werror", false, "")
	fs.Var(&ao.Levels, "W", "")
	if err := fs.Parse(strings.Fields(text)); err != nil {
		return opts, err
	}
	if *noAnalysis {
		ao.Registry, ao.CrossGroup = false, false
	}
	if *ewRange != "" {
		opts.EastWestRangeDomains = strings.Split(*ewRange, ",")
	}
	if *denyF != "" {
		ao.Policy.DenyFilters = strings.Split(*denyF, ",")
	}
	if *denyP != "" {
		ao.Policy.DenyPredicates = strings.Split(*denyP, ",")
	}
	if *allow != "" {
		ao.Policy.AllowedBackendHosts = []*regexp.Regexp{regexp.MustCompile(*allow)}
	}
	var err error
	if *annFilters != "" {
		k, v, f := split3(*annFilters)
		var af passes.AnnotationFilters
		af.Key, af.Value = k, v
		if af.Filters, err = parseFilters(f); err != nil {
			return opts, err
		}
		opts.AnnotationFiltersAppend = append(opts.AnnotationFiltersAppend, af)
	}
	if *annPreds != "" {
		k, v, p := split3(*annPreds)
		var ap passes.AnnotationPredicates
		ap.Key, ap.Value = k, v
		if ap.Predicates, err = parsePredicates(p); err != nil {
			return opts, err
		}
		opts.AnnotationPredicates = append(opts.AnnotationPredicates, ap)
	}
	opts.Analyzer = analysis.New(ao)
	return opts, nil
}

func split3(s string) (a, b, c string) {
	a, rest, _ := strings.Cut(s, "=")
	b, c, _ = strings.Cut(rest, "=")
	return a, b, c
}

func fileData(a *txtar.Archive, name string) string {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setFile(a *txtar.Archive, name, data string) {
	for i, f := range a.Files {
		if f.Name == name {
			a.Files[i].Data = []byte(data)
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(data)})
}

func parseFilters(s string) ([]*ir.Call, error) {
	calls, err := expr.ParseFilters(s, nil)
	if err != nil {
		return nil, errors.New(err.Msg)
	}
	return calls, nil
}

func parsePredicates(s string) ([]*ir.Call, error) {
	calls, err := expr.ParsePredicates(s, nil)
	if err != nil {
		return nil, errors.New(err.Msg)
	}
	return calls, nil
}
