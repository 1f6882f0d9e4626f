package cli

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// exprReady reports whether frontend/expr parses yet; until it does, tests
// that need parsed predicates skip.
func exprReady() bool {
	_, err := expr.ParsePredicates("True()", nil)
	return err == nil
}

func needExpr(t *testing.T) {
	t.Helper()
	if !exprReady() {
		t.Skip("frontend/expr does not parse yet")
	}
}

// mustParse parses a compile or check command line that must be valid.
func mustParse(t *testing.T, cmd string, args ...string) (rgc.Options, cliOpts) {
	t.Helper()
	o, c, err := parseFlags(cmd, args)
	if err != nil {
		t.Fatalf("parseFlags(%q, %q): %v", cmd, args, err)
	}
	return o, c
}

// expectError parses a command line that must fail with an error whose
// text contains want.
func expectError(t *testing.T, want string, cmd string, args ...string) error {
	t.Helper()
	_, _, err := parseFlags(cmd, args)
	if err == nil {
		t.Fatalf("parseFlags(%q, %q): no error, want %q", cmd, args, want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("parseFlags(%q, %q): error %q, want it to contain %q", cmd, args, err, want)
	}
	return err
}

// writeConfig writes a config file into a temporary directory.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "skipper.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreSkippers(t *testing.T) {
	o, c := mustParse(t, "compile", "in.yaml")
	want := passes.CLIDefaults()
	if !reflect.DeepEqual(o, want) {
		t.Errorf("options = %+v, want CLIDefaults %+v", o, want)
	}
	if c.output != "eskip" || c.pretty || c.quiet || c.verbose || !slices.Equal(c.paths, []string{"in.yaml"}) {
		t.Errorf("cli options = %+v", c)
	}
	o, _ = mustParse(t, "check", "in.yaml")
	want.CheckMode = true
	if o.Analyzer == nil {
		t.Errorf("check options: no Analyzer; rgc check always analyses")
	}
	o.Analyzer = nil
	if !reflect.DeepEqual(o, want) {
		t.Errorf("check options = %+v, want %+v", o, want)
	}
}

// TestEveryOptionHasAFlag sets every flag away from its default and checks
// that every field of passes.Options changed, so that a new option cannot
// go without a flag.
func TestEveryOptionHasAFlag(t *testing.T) {
	args := []string{
		"-kubernetes-https-redirect=false",
		"-kubernetes-https-redirect-code=301",
		"-kubernetes-healthcheck=false",
		"-kubernetes-disable-catchall-routes",
		"-kubernetes-routegroup-class=^internal$",
		"-enable-kubernetes-endpointslices",
		"-kubernetes-topology-zone=eu-central-1a",
		"-enable-kubernetes-east-west",
		"-kubernetes-east-west-domain=.ew.example.",
		"-kubernetes-east-west-range-domains=cluster.local",
		"-kubernetes-east-west-range-predicates=ClientIP(\"10.2.0.0/16\")",
		"-kubernetes-annotation-predicates=zone=a=Foo()",
		"-kubernetes-annotation-filters-append=zone=a=foo()",
		"-kubernetes-east-west-range-annotation-predicates=zone=a=Bar()",
		"-kubernetes-east-west-range-annotation-filters-append=zone=a=bar()",
		"-opentracing-backend-name-tag",
		"-kubernetes-only-allowed-external-names",
		"-kubernetes-allowed-external-name=^x$",
		"-kubernetes-backend-traffic-algorithm=traffic-segment-predicate",
		"-kubernetes-default-lb-algorithm=random",
		"-forward-backend-url=http://fwd",
		"-default-filters-dir=/etc/df",
		"-service-dns",
		"-atomic-groups",
		"-max-group-routes=5",
		"-max-route-predicates=6",
		"-max-table-routes=7",
		"-strict-services",
		"in.yaml",
	}
	ready := exprReady()
	if !ready { // keep the expressions empty until frontend/expr parses
		for i, a := range args {
			if strings.HasSuffix(a, ")") {
				args[i] = a[:strings.LastIndex(a, "=")+1]
			}
		}
	}
	o, _ := mustParse(t, "check", args...)
	def := reflect.ValueOf(passes.CLIDefaults())
	got := reflect.ValueOf(o)
	for i := range def.NumField() {
		if !ready && def.Type().Field(i).Name == "EastWestRangePredicates" {
			continue
		}
		if reflect.DeepEqual(def.Field(i).Interface(), got.Field(i).Interface()) {
			t.Errorf("Options.%s is not set by any flag", def.Type().Field(i).Name)
		}
	}
}

func TestScalarFlags(t *testing.T) {
	o, _ := mustParse(t, "compile", "-kubernetes-topology-zone=z1", "-kubernetes-routegroup-class", "^a|b$", "-forward-backend-url=http://f:80", "x")
	if o.TopologyZone != "z1" || o.RouteGroupClass != "^a|b$" || o.ForwardBackendURL != "http://f:80" {
		t.Errorf("options = %+v", o)
	}
	expectError(t, "invalid boolean value", "compile", "-kubernetes-healthcheck=maybe", "x")
	expectError(t, "invalid value \"abc\" for flag -kubernetes-https-redirect-code", "compile", "-kubernetes-https-redirect-code=abc", "x")
	expectError(t, "-kubernetes-routegroup-class: error parsing regexp", "compile", "-kubernetes-routegroup-class=(", "x")
	expectError(t, "-strict-services", "compile", "-strict-services", "x") // check only
}

func TestRedirectCodeAtMostZeroIs308(t *testing.T) {
	for arg, want := range map[string]int{"0": 308, "-1": 308, "301": 301, "200": 200} {
		if o, _ := mustParse(t, "compile", "-kubernetes-https-redirect-code="+arg, "x"); o.HTTPSRedirectCode != want {
			t.Errorf("-kubernetes-https-redirect-code=%s: got %d, want %d", arg, o.HTTPSRedirectCode, want)
		}
	}
}

func TestEastWestDomainTrimmedWhenEnabled(t *testing.T) {
	if o, _ := mustParse(t, "compile", "-enable-kubernetes-east-west", "-kubernetes-east-west-domain=.ew.example.org.", "x"); o.EastWestDomain != "ew.example.org" {
		t.Errorf("enabled: domain %q", o.EastWestDomain)
	}
	// Skipper trims only when east-west is on; the raw value still decides
	// its east-west host check.
	if o, _ := mustParse(t, "compile", "-kubernetes-east-west-domain=.ew.example.org.", "x"); o.EastWestDomain != ".ew.example.org." {
		t.Errorf("disabled: domain %q", o.EastWestDomain)
	}
}

func TestCommaListLastWins(t *testing.T) {
	o, _ := mustParse(t, "compile", "-kubernetes-east-west-range-domains=a.local,b.local", "x")
	if !slices.Equal(o.EastWestRangeDomains, []string{"a.local", "b.local"}) {
		t.Errorf("domains = %q", o.EastWestRangeDomains)
	}
	o, _ = mustParse(t, "compile", "-kubernetes-east-west-range-domains=a.local", "-kubernetes-east-west-range-domains=c.local", "x")
	if !slices.Equal(o.EastWestRangeDomains, []string{"c.local"}) {
		t.Errorf("domains = %q", o.EastWestRangeDomains)
	}
	o, _ = mustParse(t, "compile", "-kubernetes-east-west-range-domains=", "x")
	if o.EastWestRangeDomains != nil {
		t.Errorf("empty: domains = %q", o.EastWestRangeDomains)
	}
}

func TestTrafficAlgorithm(t *testing.T) {
	if o, _ := mustParse(t, "compile", "-kubernetes-backend-traffic-algorithm=traffic-segment-predicate", "x"); o.TrafficAlgorithm != passes.TrafficSegment {
		t.Errorf("got %v", o.TrafficAlgorithm)
	}
	expectError(t, `-kubernetes-backend-traffic-algorithm: invalid backend traffic algorithm "traffic"`, "compile", "-kubernetes-backend-traffic-algorithm=traffic", "x")
}

func TestDefaultLBAlgorithmFallsBackWithWarning(t *testing.T) {
	o, c := mustParse(t, "compile", "-kubernetes-default-lb-algorithm=roundrobin", "x")
	if o.DefaultLBAlgorithm != "roundrobin" {
		t.Errorf("algorithm = %q, want it passed on as given", o.DefaultLBAlgorithm)
	}
	if len(c.warnings) != 1 || !strings.Contains(c.warnings[0], `unknown load balancing algorithm "roundrobin"`) {
		t.Errorf("warnings = %q", c.warnings)
	}
	if _, c := mustParse(t, "compile", "-kubernetes-default-lb-algorithm=consistentHash", "x"); len(c.warnings) != 0 {
		t.Errorf("warnings = %q", c.warnings)
	}
}

func TestAllowedExternalNames(t *testing.T) {
	o, _ := mustParse(t, "compile", "-kubernetes-only-allowed-external-names", "-kubernetes-allowed-external-name=^a[.]org$", "-kubernetes-allowed-external-name=^b[.]org$", "x")
	if got := rxStrings(o.AllowedExternalNames); !slices.Equal(got, []string{"^a[.]org$", "^b[.]org$"}) || !o.OnlyAllowedExternalNames {
		t.Errorf("allowed = %q, only = %v", got, o.OnlyAllowedExternalNames)
	}
	expectError(t, "error parsing regexp", "compile", "-kubernetes-allowed-external-name=(", "x")
}

func rxStrings(rxs []*regexp.Regexp) []string {
	var s []string
	for _, rx := range rxs {
		s = append(s, rx.String())
	}
	return s
}

func TestAnnotationFlagSyntax(t *testing.T) {
	const ap = "-kubernetes-annotation-predicates="
	expectError(t, `-kubernetes-annotation-predicates: invalid annotation flag "zone": no "=" after the annotation key`, "compile", ap+"zone", "x")
	expectError(t, `invalid annotation flag "zone=a": no "=" after the annotation value`, "compile", ap+"zone=a", "x")
	expectError(t, `-kubernetes-annotation-filters-append: invalid annotation flag "zone=a=": duplicate annotation key-value "zone=a"`,
		"compile", "-kubernetes-annotation-filters-append=zone=a=", "-kubernetes-annotation-filters-append=zone=a=", "x")
	// the lists are separate: the same key=value may appear in each
	mustParse(t, "compile", ap+"zone=a=", "-kubernetes-east-west-range-annotation-predicates=zone=a=", "x")

	// empty entries are skipped; an empty expression is no predicates
	o, _ := mustParse(t, "compile", ap, ap+"zone=a= ", "x")
	want := []passes.AnnotationPredicates{{Key: "zone", Value: "a"}}
	if !reflect.DeepEqual(o.AnnotationPredicates, want) {
		t.Errorf("predicates = %+v, want %+v", o.AnnotationPredicates, want)
	}
	// the value may contain "=" after the first two
	needExpr(t)
	o, _ = mustParse(t, "compile", ap+`k=v=Header("X", "a=b") && Foo()`, "-kubernetes-annotation-filters-append=k=v=setPath(\"/\") -> bar()", "x")
	if got := callNames(o.AnnotationPredicates[0].Predicates); got != "Header,Foo" {
		t.Errorf("predicates = %s", got)
	}
	if got := callNames(o.AnnotationFiltersAppend[0].Filters); got != "setPath,bar" {
		t.Errorf("filters = %s", got)
	}
}

func TestAnnotationExpressionErrorPointsIntoTheValue(t *testing.T) {
	needExpr(t)
	err := expectError(t, `-kubernetes-annotation-predicates: invalid predicates in "zone=a=Foo("`, "compile", "-kubernetes-annotation-predicates=zone=a=Foo(", "x")
	var ve *valueError
	if !errors.As(err, &ve) || ve.col <= len("zone=a=") {
		t.Errorf("error %q: want a column inside the expression, got %+v", err, ve)
	}
	// parsed before the duplicate check, as Skipper does
	expectError(t, "invalid filters", "compile", "-kubernetes-annotation-filters-append=k=v=foo() ->", "x")
	expectError(t, "-kubernetes-east-west-range-predicates: invalid predicates", "compile", "-kubernetes-east-west-range-predicates=Foo(", "x")
}

func TestEastWestRangePredicates(t *testing.T) {
	if o, _ := mustParse(t, "compile", "-kubernetes-east-west-range-predicates=  ", "x"); o.EastWestRangePredicates != nil {
		t.Errorf("blank: %v", o.EastWestRangePredicates)
	}
	needExpr(t)
	o, _ := mustParse(t, "compile", `-kubernetes-east-west-range-predicates=ClientIP("10.2.0.0/16") && Foo()`, "x")
	if got := callNames(o.EastWestRangePredicates); got != "ClientIP,Foo" {
		t.Errorf("predicates = %s", got)
	}
}

func callNames(calls []*ir.Call) string {
	var names []string
	for _, c := range calls {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

func TestCLIFlags(t *testing.T) {
	_, c := mustParse(t, "compile", "a.yaml", "-o", "json", "b", "-pretty", "-indent=\t", "--", "-c")
	if c.output != "json" || !c.pretty || c.indent != "\t" || !slices.Equal(c.paths, []string{"a.yaml", "b", "-c"}) {
		t.Errorf("cli options = %+v", c)
	}
	_, c = mustParse(t, "check", "-", "-q")
	if !c.quiet || !slices.Equal(c.paths, []string{"-"}) {
		t.Errorf("cli options = %+v", c)
	}
	expectError(t, `invalid value "yaml" for flag -o`, "compile", "-o=yaml", "x")
	expectError(t, `invalid value "yaml" for flag -o: want text, json, sarif or github`, "check", "-o=yaml", "x")
	expectError(t, "-q and -v", "compile", "-q", "-v", "x")
	expectError(t, "-indent", "compile", "-indent=x", "x")
	expectError(t, "no input", "compile", "-pretty")
	expectError(t, "flag needs an argument: -o", "compile", "x", "-o")
}

func TestHelp(t *testing.T) {
	for _, a := range []string{"-h", "-help", "--help"} {
		if _, _, err := parseFlags("compile", []string{"x", a}); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s: err = %v", a, err)
		}
	}
}

func TestUnknownFlagIsAUsageErrorWithASuggestion(t *testing.T) {
	err := expectError(t, "unknown flag -kubernetes-https-redirct: did you mean -kubernetes-https-redirect?", "compile", "-kubernetes-https-redirct=false", "x")
	var ue *usageError
	if !errors.As(err, &ue) || !ue.short {
		t.Errorf("error %T %v: want a usage error with short usage", err, err)
	}
	if err := expectError(t, "unknown flag -zzz", "compile", "-zzz", "x"); err.Error() != "unknown flag -zzz" {
		t.Errorf("error %q: want no suggestion", err)
	}
}

func TestSkipperFlags(t *testing.T) {
	// ignored: bool ones take no value argument, the others take one
	_, c := mustParse(t, "compile", "-insecure", "-address", ":9090", "-application-log-level=DEBUG", "in.yaml")
	if !slices.Equal(c.paths, []string{"in.yaml"}) {
		t.Errorf("paths = %q", c.paths)
	}
	expectError(t, "flag -kubernetes-namespace needs -kubernetes", "check", "-kubernetes-namespace=team", "x")
	expectError(t, "-kubernetes reads the cluster: give no paths", "check", "-kubernetes", "x")
	expectError(t, `-kubernetes-services-label-selectors: want key=value pairs separated by commas, got "a"`, "check", "-kubernetes", "-kubernetes-services-label-selectors=a")
	expectError(t, "flag -reverse-source-predicate is not supported", "check", "-reverse-source-predicate", "x")
	for _, n := range append(append([]string{}, ignoredBoolFlags...), ignoredValueFlags...) {
		if !isSkipperOnly(n) {
			t.Errorf("%s: not registered", n)
		}
	}
}

func TestConfigFile(t *testing.T) {
	cfg := writeConfig(t, `
kubernetes-https-redirect-code: 301
kubernetes-healthcheck: no
kubernetes-topology-zone: zone-b
kubernetes-east-west-range-domains: [cfg.local]
kubernetes-annotation-filters-append:
- from=config=
kubernetes-allowed-external-names:
  whatever: ["^cfg$"]
service-dns: true
address: ":9999"        # a Skipper key rgc ignores
not-a-skipper-key: 1    # ignored, as Skipper ignores it
`)
	o, c := mustParse(t, "compile", "-config", cfg, "x")
	if o.HTTPSRedirectCode != 301 || o.Healthcheck || o.TopologyZone != "zone-b" || !o.ServiceDNS ||
		!slices.Equal(o.EastWestRangeDomains, []string{"cfg.local"}) ||
		len(o.AnnotationFiltersAppend) != 1 || o.AnnotationFiltersAppend[0].Key != "from" ||
		!slices.Equal(rxStrings(o.AllowedExternalNames), []string{"^cfg$"}) {
		t.Errorf("options = %+v", o)
	}
	if len(c.warnings) != 0 {
		t.Errorf("warnings = %q", c.warnings)
	}

	// the command line wins for single values, adds to repeatable ones,
	// and may come before or after -config
	o, _ = mustParse(t, "compile",
		"-kubernetes-https-redirect-code=302",
		"-config-file="+cfg,
		"-kubernetes-east-west-range-domains=flag.local",
		"-kubernetes-annotation-filters-append=from=flag=",
		"-kubernetes-allowed-external-name=^flag$",
		"-kubernetes-healthcheck",
		"x")
	if o.HTTPSRedirectCode != 302 || !o.Healthcheck || o.TopologyZone != "zone-b" ||
		!slices.Equal(o.EastWestRangeDomains, []string{"flag.local"}) ||
		!slices.Equal(rxStrings(o.AllowedExternalNames), []string{"^cfg$", "^flag$"}) {
		t.Errorf("options = %+v", o)
	}
	var keys []string
	for _, a := range o.AnnotationFiltersAppend {
		keys = append(keys, a.Key+"="+a.Value)
	}
	if !slices.Equal(keys, []string{"from=config", "from=flag"}) {
		t.Errorf("annotation filters = %q, want the file's first", keys)
	}
}

func TestConfigDuplicatesAcrossFileAndFlags(t *testing.T) {
	cfg := writeConfig(t, "kubernetes-annotation-predicates: ['a=b=']\n")
	expectError(t, `-kubernetes-annotation-predicates: invalid annotation flag "a=b=": duplicate annotation key-value "a=b"`,
		"compile", "-config", cfg, "-kubernetes-annotation-predicates=a=b=", "x")
}

func TestConfigErrors(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"kubernetes-healthcheck: maybe\n", `skipper.yaml:1:25: kubernetes-healthcheck: want true or false, got "maybe"`},
		{"kubernetes-https-redirect-code: 1.5\n", `skipper.yaml:1:33: kubernetes-https-redirect-code: want an integer, got "1.5"`},
		{"kubernetes-topology-zone: [a]\n", "kubernetes-topology-zone: want a single value"},
		{"kubernetes-east-west-range-domains: a.local,b.local\n", "kubernetes-east-west-range-domains: want a YAML list, as Skipper reads this key"},
		{"kubernetes-annotation-predicates: a=b=\n", "want a YAML list"},
		{"kubernetes-annotation-predicates:\n- a\n", `skipper.yaml:2:3: kubernetes-annotation-predicates: invalid annotation flag "a": no "="`},
		{"kubernetes-allowed-external-names: ['^a$']\n", "want a mapping of lists of regular expressions"},
		{"kubernetes-allowed-external-names: {x: ['(']}\n", "skipper.yaml:1:41: kubernetes-allowed-external-names: error parsing regexp"},
		{"kubernetes-backend-traffic-algorithm: fast\n", `skipper.yaml:1:39: kubernetes-backend-traffic-algorithm: invalid backend traffic algorithm "fast"`},
		{"- a\n", "want a mapping of flag names to values"},
		{"a: [\n", "skipper.yaml: yaml:"},
	}
	for _, c := range cases {
		err := expectError(t, c.want, "compile", "-config", writeConfig(t, c.yaml), "x")
		var ie *ioError
		if errors.As(err, &ie) {
			t.Errorf("%q: %v is an I/O error, want a usage error", c.yaml, err)
		}
	}
	err := expectError(t, "config file: open", "compile", "-config", filepath.Join(t.TempDir(), "missing.yaml"), "x")
	var ie *ioError
	if !errors.As(err, &ie) {
		t.Errorf("missing config: %T %v, want an I/O error", err, err)
	}
}

func TestConfigWarnings(t *testing.T) {
	cfg := writeConfig(t, `
kubernetes-namespace: team-a
whitelisted-healthcheck-cidr: ""
kubernetes-allowed-external-name: x
kubernetes-topology-zone: a
kubernetes-topology-zone: b
`)
	o, c := mustParse(t, "compile", "-config", cfg, "x")
	want := []string{
		`skipper.yaml:6:1: duplicate key "kubernetes-topology-zone": the last one wins`,
		"skipper.yaml:2:23: kubernetes-namespace: ignored in a config file: with -kubernetes, give -kubernetes-namespace on the command line",
		"skipper.yaml:4:35: kubernetes-allowed-external-name: not a Skipper config key",
	}
	if len(c.warnings) != len(want) {
		t.Fatalf("warnings = %q, want %d", c.warnings, len(want))
	}
	for i, w := range want {
		if !strings.Contains(c.warnings[i], strings.TrimPrefix(w, "skipper.yaml")) {
			t.Errorf("warning %d = %q, want %q", i, c.warnings[i], w)
		}
	}
	if o.TopologyZone != "b" {
		t.Errorf("zone = %q", o.TopologyZone)
	}
}

func TestConfigNullAndEmpty(t *testing.T) {
	o, _ := mustParse(t, "compile", "-config", writeConfig(t, "kubernetes-healthcheck:\nkubernetes-https-redirect-code: ~\nkubernetes-annotation-predicates:\n"), "x")
	if o.Healthcheck || o.HTTPSRedirectCode != 308 || o.AnnotationPredicates != nil {
		t.Errorf("options = %+v", o)
	}
	mustParse(t, "compile", "-config", writeConfig(t, ""), "x")
	mustParse(t, "compile", "-config", writeConfig(t, "# only a comment\n"), "x")
}

// isSkipperOnly reports whether name is one of the flags that
// registerSkipperFlags registers.
func isSkipperOnly(name string) bool {
	if _, ok := unsupportedFlags[name]; ok {
		return true
	}
	for _, l := range [][]string{ignoredBoolFlags, ignoredValueFlags} {
		for _, n := range l {
			if n == name {
				return true
			}
		}
	}
	return false
}
