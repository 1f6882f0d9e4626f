package cli

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/internal/fixtures"
)

// TestSkipperFixturesThroughFlags compiles every Skipper fixture set with
// the command line alone: its options become Skipper's flags, and the
// printed table must equal the fixture's. This holds the flags to
// Skipper's semantics the way an operator uses them. Exclusions are those
// of spec/conformance_test.go.
func TestSkipperFixturesThroughFlags(t *testing.T) {
	root, err := fixtures.Root()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := fixtures.Sets(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fx := range sets {
		if fx.Eskip == "" || fx.YAML == "" || fx.API != "" || strings.HasPrefix(fx.Name, "with-ingress/") {
			continue
		}
		n++
		t.Run(fx.Name, func(t *testing.T) {
			k, err := fixtures.ReadKube(fx.Kube)
			if err != nil {
				t.Fatal(err)
			}
			dfd, err := fixtures.DefaultFiltersDir(fx, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			args := append([]string{"compile"}, kubeFlags(k, dfd)...)
			args = append(args, fx.YAML)
			var stdout, stderr bytes.Buffer
			code := run(args, bytes.NewReader(nil), &stdout, &stderr)
			if code != 0 && code != 1 {
				t.Fatalf("rgc %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
			}
			got, err := eskip.Parse(stdout.String())
			if err != nil {
				t.Fatalf("output does not parse: %v\n%s", err, stdout.String())
			}
			want := readEskip(t, fx.Eskip)
			stripZones(got)
			if !eskip.EqLists(got, want) {
				t.Errorf("rgc %s\ngot:\n%s\nwant:\n%s", strings.Join(args, " "), eskip.String(got...), eskip.String(want...))
			}
		})
	}
	if n < 100 {
		t.Fatalf("only %d fixture sets found", n)
	}
}

func readEskip(t *testing.T, path string) []*eskip.Route {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	r, err := eskip.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func stripZones(rs []*eskip.Route) {
	for _, r := range rs {
		for i, ep := range r.LBEndpoints {
			r.LBEndpoints[i] = &eskip.LBEndpoint{Address: ep.Address}
		}
	}
}

// kubeFlags renders a fixture's options as Skipper's command line flags.
// The fixtures use kubernetes.Options' zero value, so the flags whose
// command line default differs (redirect, health check) are set
// explicitly.
func kubeFlags(k fixtures.Kube, defaultFiltersDir string) []string {
	f := []string{
		"-kubernetes-healthcheck=false",
		"-kubernetes-https-redirect=" + strconv.FormatBool(k.HTTPSRedirect),
	}
	add := func(cond bool, flag string) {
		if cond {
			f = append(f, flag)
		}
	}
	add(k.HTTPSRedirectCode != 0, "-kubernetes-https-redirect-code="+strconv.Itoa(k.HTTPSRedirectCode))
	add(k.EastWest, "-enable-kubernetes-east-west")
	add(k.EastWestDomain != "", "-kubernetes-east-west-domain="+k.EastWestDomain)
	add(len(k.EastWestRangeDomains) > 0, "-kubernetes-east-west-range-domains="+strings.Join(k.EastWestRangeDomains, ","))
	add(len(k.EastWestRangePredicates) > 0, "-kubernetes-east-west-range-predicates="+fixtures.Join(k.EastWestRangePredicates, " && "))
	add(k.DisableCatchAllRoutes, "-kubernetes-disable-catchall-routes")
	add(k.BackendNameTracingTag, "-opentracing-backend-name-tag")
	add(k.OnlyAllowedExternalNames, "-kubernetes-only-allowed-external-names")
	for _, rx := range k.AllowedExternalNames {
		f = append(f, "-kubernetes-allowed-external-name="+rx)
	}
	add(k.EnableEndpointSlices, "-enable-kubernetes-endpointslices")
	add(k.TrafficAlgorithm != "", "-kubernetes-backend-traffic-algorithm="+k.TrafficAlgorithm)
	add(k.DefaultLBAlgorithm != "", "-kubernetes-default-lb-algorithm="+k.DefaultLBAlgorithm)
	add(k.ForwardBackendURL != "", "-forward-backend-url="+k.ForwardBackendURL)
	add(k.TopologyZone != "", "-kubernetes-topology-zone="+k.TopologyZone)
	add(defaultFiltersDir != "", "-default-filters-dir="+defaultFiltersDir)
	annot := func(flag string, as []fixtures.Annot) {
		for _, a := range as {
			expr := fixtures.Join(a.Predicates, " && ")
			if len(a.Filters) > 0 {
				expr = fixtures.Join(a.Filters, " -> ")
			}
			f = append(f, flag+"="+a.Key+"="+a.Value+"="+expr)
		}
	}
	annot("-kubernetes-annotation-predicates", k.AnnotationPredicates)
	annot("-kubernetes-annotation-filters-append", k.AnnotationFilters)
	annot("-kubernetes-east-west-range-annotation-predicates", k.EWRangeAnnotationPreds)
	annot("-kubernetes-east-west-range-annotation-filters-append", k.EWRangeAnnotationFilters)
	return f
}
