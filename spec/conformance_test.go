package spec_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/internal/diag"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// excluded fixture sets, with the reason. Everything else must pass.
var excluded = map[string]string{
	"with-ingress/failing-ingress-item": "holds Ingress objects; rgc compiles RouteGroups only",
}

// skippedLogs are .log expectations that are not problems rgc reports.
var skippedLogs = map[string]string{
	"tls/": "TLS certificates go to Skipper's certificate registry, not to the routing table; rgc does not read Secrets",
	"cluster-state/failure-checking-api-resources": "simulates an API server failure (.api); there is no API server",
}

// logCodes maps the text of Skipper's log lines to the code rgc reports
// for the same problem.
var logCodes = []struct {
	rx   *regexp.Regexp
	code diag.Code
}{
	{regexp.MustCompile(`service not found`), diag.ServiceNotFound},
	{regexp.MustCompile(`not supported service type`), diag.ServiceNotClusterIP},
	{regexp.MustCompile(`target port not found`), diag.ServicePortNotFound},
	{regexp.MustCompile(`duplicate host`), diag.DuplicateHost},
	{regexp.MustCompile(`parse failed after token`), ""}, // RG101 or RG102
	{regexp.MustCompile(`not allowed`), diag.AddressNotAllowed},
	{regexp.MustCompile(`Failed to retrieve default filters`), diag.DefaultFiltersInvalid},
}

func skipperDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zalando/skipper").Output()
	if err != nil {
		t.Fatalf("locating skipper's module: %v", err)
	}
	return strings.TrimSpace(string(out))
}

type fixture struct {
	name                              string // dir/base
	yaml, eskip, kube, dflt, log, api string
	errFile                           string
}

// fixtures groups the files of a fixture directory by base name, as
// Skipper's kubernetestest does.
func fixtures(t *testing.T, root string) []fixture {
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := filepath.Join(root, d.Name())
		files, _ := os.ReadDir(dir)
		byBase := map[string]*fixture{}
		var bases []string
		for _, f := range files {
			n := f.Name()
			ext := filepath.Ext(n)
			base := strings.TrimSuffix(n, ext)
			fx, ok := byBase[base]
			if !ok {
				fx = &fixture{name: d.Name() + "/" + base}
				byBase[base] = fx
				bases = append(bases, base)
			}
			p := filepath.Join(dir, n)
			switch ext {
			case ".yaml":
				fx.yaml = p
			case ".eskip":
				fx.eskip = p
			case ".kube":
				fx.kube = p
			case ".default-filters":
				fx.dflt = p
			case ".log":
				fx.log = p
			case ".api":
				fx.api = p
			case ".error":
				fx.errFile = p
			}
		}
		sort.Strings(bases)
		for _, b := range bases {
			fx := byBase[b]
			if fx.yaml == "" && fx.eskip == "" && fx.log == "" {
				continue // e.g. kube.common, README.md
			}
			restoreSymlinks(fx, dir, b)
			out = append(out, *fx)
		}
	}
	return out
}

// restoreSymlinks: Go module zips drop symbolic links. Skipper's
// traffic-segment fixtures link their input to ../traffic/NAME.yaml and
// their options to kube.common; put them back.
//
// default-filters/symlink-parse-once links myapp.default to cfg in its
// default filters directory; the test rebuilds that directory with the
// link (see withSymlinkedDefaults).
func restoreSymlinks(fx *fixture, dir, base string) {
	if filepath.Base(dir) != "traffic-segment" {
		return
	}
	if fx.yaml == "" {
		if p := filepath.Join(dir, "..", "traffic", base+".yaml"); exists(p) {
			fx.yaml = p
		}
	}
	if fx.kube == "" {
		fx.kube = filepath.Join(dir, "kube.common")
	}
}

func withSymlinkedDefaults(t *testing.T, orig string) string {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(orig, "cfg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cfg"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("cfg", filepath.Join(dir, "myapp.default")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestSkipperFixtures(t *testing.T) {
	root := filepath.Join(skipperDir(t), "dataclients", "kubernetes", "testdata", "routegroups")
	var pass, total int
	for _, fx := range fixtures(t, root) {
		fx := fx
		t.Run(fx.name, func(t *testing.T) {
			if why, ok := excluded[fx.name]; ok {
				t.Skip(why)
			}
			if fx.api != "" {
				t.Skip("simulates API server failures (.api); there is no API server in rgc")
			}
			total++
			if runFixture(t, fx) {
				pass++
			}
		})
	}
	t.Logf("conformance: %d/%d fixture sets pass", pass, total)
}

func runFixture(t *testing.T, fx fixture) bool {
	opts := kubeOptions(t, fx.kube)
	opts.DefaultFiltersDir = fx.dflt
	if fx.name == "default-filters/symlink-parse-once" {
		opts.DefaultFiltersDir = withSymlinkedDefaults(t, fx.dflt)
	}
	var inputs []rgc.Input
	if fx.yaml != "" {
		b, err := os.ReadFile(fx.yaml)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rgc.Input{Name: filepath.Base(fx.yaml), Content: b})
	}
	res, err := rgc.Compile(opts, inputs...)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	ok := true
	if fx.eskip != "" {
		ok = compareRoutes(t, fx, res) && ok
	}
	if fx.log != "" {
		ok = checkLog(t, fx, res) && ok
	}
	if t.Failed() || !ok {
		for _, d := range res.Diagnostics {
			t.Log(d.Text())
		}
	}
	return ok && !t.Failed()
}

func compareRoutes(t *testing.T, fx fixture, res *rgc.Result) bool {
	b, err := os.ReadFile(fx.eskip)
	if err != nil {
		t.Fatal(err)
	}
	want, err := eskip.Parse(string(b))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	got := res.Routes
	// Skipper's fixture harness drops the zones of LB endpoints before
	// comparing; do the same.
	for _, r := range got {
		for i, ep := range r.LBEndpoints {
			r.LBEndpoints[i] = &eskip.LBEndpoint{Address: ep.Address}
		}
	}
	if eskip.EqLists(got, want) {
		return true
	}
	t.Errorf("routes differ\ngot:\n%s\nwant:\n%s", printSorted(got), printSorted(want))
	return false
}

func printSorted(rs []*eskip.Route) string {
	c := eskip.CanonicalList(rs)
	sort.Slice(c, func(i, j int) bool { return c[i].Id < c[j].Id })
	return eskip.Print(eskip.PrettyPrintInfo{Pretty: true, IndentStr: "  "}, c...)
}

// checkLog: where Skipper logs a problem, rgc must report it: with the
// matching code where the problem has one, else as some warning or error.
func checkLog(t *testing.T, fx fixture, res *rgc.Result) bool {
	for prefix, why := range skippedLogs {
		if strings.HasPrefix(fx.name, prefix) {
			t.Logf("log not checked: %s", why)
			return true
		}
	}
	b, _ := os.ReadFile(fx.log)
	var want []diag.Code
	for _, lc := range logCodes {
		if lc.rx.Match(b) {
			want = append(want, lc.code)
		}
	}
	problems := res.Diagnostics.Count(diag.Warning) + res.Diagnostics.Count(diag.Error)
	if problems == 0 {
		t.Errorf("Skipper logs a problem (%s) but rgc reports none", strings.TrimSpace(string(b)))
		return false
	}
	for _, code := range want {
		if code == "" {
			continue
		}
		if !hasCode(res.Diagnostics, code) {
			t.Errorf("Skipper logs %q; want a %s diagnostic", strings.TrimSpace(string(b)), code)
			return false
		}
	}
	return true
}

func hasCode(l diag.List, c diag.Code) bool {
	for _, d := range l {
		if d.Code == c {
			return true
		}
	}
	return false
}

// kubeFile is the option file of Skipper's fixtures.
type kubeFile struct {
	EastWest                 bool        `yaml:"eastWest"`
	EastWestDomain           string      `yaml:"eastWestDomain"`
	EastWestRangeDomains     []string    `yaml:"eastWestRangeDomains"`
	EastWestRangePredicates  []kubeCall  `yaml:"eastWestRangePredicatesAppend"`
	HTTPSRedirect            bool        `yaml:"httpsRedirect"`
	HTTPSRedirectCode        int         `yaml:"httpsRedirectCode"`
	DisableCatchAllRoutes    bool        `yaml:"disableCatchAllRoutes"`
	BackendNameTracingTag    bool        `yaml:"backendNameTracingTag"`
	OnlyAllowedExternalNames bool        `yaml:"onlyAllowedExternalNames"`
	AllowedExternalNames     []string    `yaml:"allowedExternalNames"`
	EnableEndpointSlices     bool        `yaml:"enable-kubernetes-endpointslices"`
	EnableTLS                bool        `yaml:"kubernetes-enable-tls"`
	TrafficAlgorithm         string      `yaml:"backend-traffic-algorithm"`
	DefaultLBAlgorithm       string      `yaml:"default-lb-algorithm"`
	ForwardBackendURL        string      `yaml:"forward-backend-url"`
	TopologyZone             string      `yaml:"topology-zone"`
	AnnotationPredicates     []kubeAnnot `yaml:"kubernetesAnnotationPredicates"`
	AnnotationFilters        []kubeAnnot `yaml:"kubernetesAnnotationFiltersAppend"`
	EWRangeAnnotationPreds   []kubeAnnot `yaml:"kubernetesEastWestRangeAnnotationPredicates"`
	EWRangeAnnotationFilters []kubeAnnot `yaml:"kubernetesEastWestRangeAnnotationFiltersAppend"`
}

type kubeCall struct {
	Name string `yaml:"name"`
	Args []any  `yaml:"args"`
}

type kubeAnnot struct {
	Key        string     `yaml:"key"`
	Value      string     `yaml:"value"`
	Predicates []kubeCall `yaml:"predicates"`
	Filters    []kubeCall `yaml:"filters"`
}

func calls(kc []kubeCall) []*ir.Call {
	var out []*ir.Call
	for _, k := range kc {
		c := &ir.Call{Name: k.Name}
		for _, a := range k.Args {
			switch v := a.(type) {
			case string:
				c.Args = append(c.Args, ir.String(v))
			case int:
				c.Args = append(c.Args, ir.Num(float64(v)))
			case float64:
				c.Args = append(c.Args, ir.Num(v))
			}
		}
		out = append(out, c)
	}
	return out
}

func kubeOptions(t *testing.T, path string) passes.Options {
	var o passes.Options
	if path == "" {
		return o
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var k kubeFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&k); err != nil && err.Error() != "EOF" {
		t.Fatalf("%s: %v", path, err)
	}
	o.EnableEastWest, o.EastWestDomain = k.EastWest, k.EastWestDomain
	o.EastWestRangeDomains, o.EastWestRangePredicates = k.EastWestRangeDomains, calls(k.EastWestRangePredicates)
	o.HTTPSRedirect, o.HTTPSRedirectCode = k.HTTPSRedirect, k.HTTPSRedirectCode
	o.DisableCatchAllRoutes, o.BackendNameTracingTag = k.DisableCatchAllRoutes, k.BackendNameTracingTag
	o.OnlyAllowedExternalNames = k.OnlyAllowedExternalNames
	for _, s := range k.AllowedExternalNames {
		o.AllowedExternalNames = append(o.AllowedExternalNames, regexp.MustCompile(s))
	}
	o.EnableEndpointSlices, o.TopologyZone = k.EnableEndpointSlices, k.TopologyZone
	if k.TrafficAlgorithm != "" {
		a, ok := passes.ParseTrafficAlgorithm(k.TrafficAlgorithm)
		if !ok {
			t.Fatalf("unknown traffic algorithm %q", k.TrafficAlgorithm)
		}
		o.TrafficAlgorithm = a
	}
	o.DefaultLBAlgorithm, o.ForwardBackendURL = k.DefaultLBAlgorithm, k.ForwardBackendURL
	for _, a := range k.AnnotationPredicates {
		o.AnnotationPredicates = append(o.AnnotationPredicates, passes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: calls(a.Predicates)})
	}
	for _, a := range k.AnnotationFilters {
		o.AnnotationFiltersAppend = append(o.AnnotationFiltersAppend, passes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: calls(a.Filters)})
	}
	for _, a := range k.EWRangeAnnotationPreds {
		o.EastWestRangeAnnotationPredicates = append(o.EastWestRangeAnnotationPredicates, passes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: calls(a.Predicates)})
	}
	for _, a := range k.EWRangeAnnotationFilters {
		o.EastWestRangeAnnotationFilters = append(o.EastWestRangeAnnotationFilters, passes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: calls(a.Filters)})
	}
	return o
}
