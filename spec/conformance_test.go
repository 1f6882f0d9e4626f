package spec_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/fixtures"
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

func TestSkipperFixtures(t *testing.T) {
	root, err := fixtures.Root()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := fixtures.Sets(root)
	if err != nil {
		t.Fatal(err)
	}
	var pass, total int
	for _, fx := range sets {
		fx := fx
		t.Run(fx.Name, func(t *testing.T) {
			if why, ok := excluded[fx.Name]; ok {
				t.Skip(why)
			}
			if fx.API != "" {
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

func runFixture(t *testing.T, fx fixtures.Set) bool {
	k, err := fixtures.ReadKube(fx.Kube)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := k.Options()
	if err != nil {
		t.Fatal(err)
	}
	if opts.DefaultFiltersDir, err = fixtures.DefaultFiltersDir(fx, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	var inputs []rgc.Input
	if fx.YAML != "" {
		b, err := os.ReadFile(fx.YAML)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rgc.Input{Name: filepath.Base(fx.YAML), Content: b})
	}
	res, err := rgc.Compile(opts, inputs...)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	ok := true
	if fx.Eskip != "" {
		ok = compareRoutes(t, fx, res.Routes) && ok
	}
	if fx.Log != "" {
		ok = checkLog(t, fx, res) && ok
	}
	if !ok {
		for _, d := range res.Diagnostics {
			t.Log(d.Text())
		}
	}
	return ok && !t.Failed()
}

func compareRoutes(t *testing.T, fx fixtures.Set, got []*eskip.Route) bool {
	b, err := os.ReadFile(fx.Eskip)
	if err != nil {
		t.Fatal(err)
	}
	want, err := eskip.Parse(string(b))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
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
func checkLog(t *testing.T, fx fixtures.Set, res *rgc.Result) bool {
	for prefix, why := range skippedLogs {
		if strings.HasPrefix(fx.Name, prefix) {
			t.Logf("log not checked: %s", why)
			return true
		}
	}
	b, _ := os.ReadFile(fx.Log)
	problems := res.Diagnostics.Count(diag.Warning) + res.Diagnostics.Count(diag.Error)
	if problems == 0 {
		t.Errorf("Skipper logs a problem (%s) but rgc reports none", strings.TrimSpace(string(b)))
		return false
	}
	for _, lc := range logCodes {
		if lc.code != "" && lc.rx.Match(b) && !hasCode(res.Diagnostics, lc.code) {
			t.Errorf("Skipper logs %q; want a %s diagnostic", strings.TrimSpace(string(b)), lc.code)
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
