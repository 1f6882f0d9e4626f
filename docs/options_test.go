package docs_test

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/analysis"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// invocation is an rgc command line as a doc example's comment gives it:
//
//	<!-- rgc: [compile|check] [flags] [FILE] -->
//
// FILE names the file the yaml block stands for, in diagnostics; the
// default is example.yaml.
//
// cmd/rgc is package main, so its flag parser cannot be imported. This is
// a small copy of its mapping for the flags the docs use, with the same
// names, defaults (passes.CLIDefaults) and post-processing (cmd/rgc
// settings.finish); a flag it does not know fails the test, so the copy
// grows only when a doc needs it.
type invocation struct {
	cmd     string
	opts    rgc.Options
	file    string
	pretty  bool
	verbose bool
	quiet   bool
}

func parseInvocation(comment string) (*invocation, error) {
	words, err := splitWords(comment)
	if err != nil {
		return nil, err
	}
	inv := &invocation{cmd: "compile", file: "example.yaml", opts: passes.CLIDefaults()}
	if len(words) > 0 && (words[0] == "compile" || words[0] == "check") {
		inv.cmd, words = words[0], words[1:]
	}
	o := &inv.opts
	var (
		rangePredicates, traffic string
		rangeDomains             string
		annPreds, annFilters     stringList
		ewAnnPreds, ewAnnFilters stringList
		allowed                  stringList
		output                   = "eskip"
	)
	fs := flag.NewFlagSet("rgc "+inv.cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&inv.pretty, "pretty", false, "")
	fs.BoolVar(&inv.verbose, "v", false, "")
	fs.BoolVar(&inv.quiet, "q", false, "")
	fs.StringVar(&output, "o", output, "")
	fs.BoolVar(&o.HTTPSRedirect, "kubernetes-https-redirect", o.HTTPSRedirect, "")
	fs.IntVar(&o.HTTPSRedirectCode, "kubernetes-https-redirect-code", o.HTTPSRedirectCode, "")
	fs.BoolVar(&o.Healthcheck, "kubernetes-healthcheck", o.Healthcheck, "")
	fs.BoolVar(&o.DisableCatchAllRoutes, "kubernetes-disable-catchall-routes", o.DisableCatchAllRoutes, "")
	fs.StringVar(&o.RouteGroupClass, "kubernetes-routegroup-class", o.RouteGroupClass, "")
	fs.BoolVar(&o.EnableEndpointSlices, "enable-kubernetes-endpointslices", o.EnableEndpointSlices, "")
	fs.StringVar(&o.TopologyZone, "kubernetes-topology-zone", o.TopologyZone, "")
	fs.BoolVar(&o.EnableEastWest, "enable-kubernetes-east-west", o.EnableEastWest, "")
	fs.StringVar(&o.EastWestDomain, "kubernetes-east-west-domain", o.EastWestDomain, "")
	fs.StringVar(&rangeDomains, "kubernetes-east-west-range-domains", "", "")
	fs.StringVar(&rangePredicates, "kubernetes-east-west-range-predicates", "", "")
	fs.Var(&annPreds, "kubernetes-annotation-predicates", "")
	fs.Var(&annFilters, "kubernetes-annotation-filters-append", "")
	fs.Var(&ewAnnPreds, "kubernetes-east-west-range-annotation-predicates", "")
	fs.Var(&ewAnnFilters, "kubernetes-east-west-range-annotation-filters-append", "")
	fs.BoolVar(&o.BackendNameTracingTag, "opentracing-backend-name-tag", o.BackendNameTracingTag, "")
	fs.BoolVar(&o.OnlyAllowedExternalNames, "kubernetes-only-allowed-external-names", o.OnlyAllowedExternalNames, "")
	fs.Var(&allowed, "kubernetes-allowed-external-name", "")
	fs.StringVar(&traffic, "kubernetes-backend-traffic-algorithm", o.TrafficAlgorithm.String(), "")
	fs.StringVar(&o.DefaultLBAlgorithm, "kubernetes-default-lb-algorithm", o.DefaultLBAlgorithm, "")
	fs.StringVar(&o.ForwardBackendURL, "forward-backend-url", o.ForwardBackendURL, "")
	fs.StringVar(&o.DefaultFiltersDir, "default-filters-dir", o.DefaultFiltersDir, "")
	fs.BoolVar(&o.ServiceDNS, "service-dns", o.ServiceDNS, "")
	fs.BoolVar(&o.AtomicGroups, "atomic-groups", o.AtomicGroups, "")
	fs.IntVar(&o.MaxGroupRoutes, "max-group-routes", o.MaxGroupRoutes, "")
	fs.IntVar(&o.MaxRoutePredicates, "max-route-predicates", o.MaxRoutePredicates, "")
	fs.IntVar(&o.MaxTableRoutes, "max-table-routes", o.MaxTableRoutes, "")
	if inv.cmd == "check" {
		fs.BoolVar(&o.StrictServices, "strict-services", o.StrictServices, "")
	}
	// The analysis flags of rgc compile (cmd/rgc check_flags.go).
	var (
		analyze, exclusiveHosts bool
		levels                  analysis.Levels
		denyFilters, denyPreds  stringList
		allowHosts              stringList
		maxRoutes               int
	)
	fs.BoolVar(&analyze, "analyze", false, "")
	fs.Var(&levels, "W", "")
	fs.BoolVar(&levels.Werror, "Werror", false, "")
	fs.Var(&denyFilters, "deny-filters", "")
	fs.Var(&denyPreds, "deny-predicates", "")
	fs.Var(&allowHosts, "allow-backend-host", "")
	fs.IntVar(&maxRoutes, "max-routes-per-group", 0, "")
	fs.BoolVar(&exclusiveHosts, "exclusive-hosts", false, "")

	var paths []string
	for {
		if err := fs.Parse(words); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%v (the docs test knows a subset of rgc's flags: add it to options_test.go)", err)
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		words = fs.Args()[1:]
	}
	switch len(paths) {
	case 0:
	case 1:
		inv.file = paths[0]
	default:
		return nil, fmt.Errorf("one file per example, got %q", paths)
	}
	if output != "eskip" {
		return nil, fmt.Errorf("the docs test shows eskip output only")
	}

	// As cmd/rgc's settings.finish.
	if o.HTTPSRedirectCode <= 0 {
		o.HTTPSRedirectCode = 308
	}
	if o.EnableEastWest && o.EastWestDomain != "" {
		o.EastWestDomain = strings.Trim(o.EastWestDomain, ".")
	}
	if _, err := regexp.Compile(o.RouteGroupClass); err != nil {
		return nil, err
	}
	var ok bool
	if o.TrafficAlgorithm, ok = passes.ParseTrafficAlgorithm(traffic); !ok {
		return nil, fmt.Errorf("invalid traffic algorithm %q", traffic)
	}
	if rangeDomains != "" {
		o.EastWestRangeDomains = strings.Split(rangeDomains, ",")
	}
	for _, s := range allowed {
		rx, err := regexp.Compile(s)
		if err != nil {
			return nil, err
		}
		o.AllowedExternalNames = append(o.AllowedExternalNames, rx)
	}
	if o.EastWestRangePredicates, err = predicates(rangePredicates); err != nil {
		return nil, err
	}
	if o.AnnotationPredicates, err = annotationPredicates(annPreds); err != nil {
		return nil, err
	}
	if o.AnnotationFiltersAppend, err = annotationFilters(annFilters); err != nil {
		return nil, err
	}
	if o.EastWestRangeAnnotationPredicates, err = annotationPredicates(ewAnnPreds); err != nil {
		return nil, err
	}
	if o.EastWestRangeAnnotationFilters, err = annotationFilters(ewAnnFilters); err != nil {
		return nil, err
	}
	o.CheckMode = inv.cmd == "check"
	if inv.cmd == "check" {
		return nil, fmt.Errorf("rgc check renders diagnostics with source lines, which the docs test does not reproduce; show rgc compile [-analyze] instead")
	}

	// As cmd/rgc's settings.finishAnalysis, for rgc compile.
	policy := analysis.Policy{
		DenyFilters:       splitNames(denyFilters),
		DenyPredicates:    splitNames(denyPreds),
		MaxRoutesPerGroup: maxRoutes,
		ExclusiveHosts:    exclusiveHosts,
	}
	for _, h := range allowHosts {
		rx, err := regexp.Compile(h)
		if err != nil {
			return nil, err
		}
		policy.AllowedBackendHosts = append(policy.AllowedBackendHosts, rx)
	}
	ao := analysis.Options{Registry: true, CrossGroup: true, Levels: levels, Policy: policy}
	switch {
	case analyze:
	case len(denyFilters)+len(denyPreds)+len(allowHosts) > 0 || maxRoutes != 0 || exclusiveHosts:
		return nil, fmt.Errorf("the policy flags need -analyze")
	case levels.IsZero():
		return inv, nil
	default:
		ao.Registry, ao.CrossGroup = false, false
	}
	if ao.Registry {
		logrus.SetOutput(io.Discard) // Skipper's filter specs log while rgc creates them
	}
	o.Analyzer = analysis.New(ao)
	return inv, nil
}

// splitNames splits comma separated names, as cmd/rgc's nameList.
func splitNames(l stringList) []string {
	var out []string
	for _, s := range l {
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func predicates(s string) ([]*ir.Call, error) {
	calls, err := expr.ParsePredicates(strings.TrimSpace(s), nil)
	if err != nil {
		return nil, fmt.Errorf("predicates %q: %v", s, err)
	}
	return calls, nil
}

func filters(s string) ([]*ir.Call, error) {
	calls, err := expr.ParseFilters(strings.TrimSpace(s), nil)
	if err != nil {
		return nil, fmt.Errorf("filters %q: %v", s, err)
	}
	return calls, nil
}

// keyValue splits key=value=expression at the first two "=".
func keyValue(s string) (key, value, rest string, err error) {
	key, rest, ok := strings.Cut(s, "=")
	if ok {
		value, rest, ok = strings.Cut(rest, "=")
	}
	if !ok {
		return "", "", "", fmt.Errorf("%q: want key=value=expression", s)
	}
	return key, value, rest, nil
}

func annotationPredicates(entries []string) ([]passes.AnnotationPredicates, error) {
	var out []passes.AnnotationPredicates
	for _, e := range entries {
		k, v, rest, err := keyValue(e)
		if err != nil {
			return nil, err
		}
		calls, err := predicates(rest)
		if err != nil {
			return nil, err
		}
		out = append(out, passes.AnnotationPredicates{Key: k, Value: v, Predicates: calls})
	}
	return out, nil
}

func annotationFilters(entries []string) ([]passes.AnnotationFilters, error) {
	var out []passes.AnnotationFilters
	for _, e := range entries {
		k, v, rest, err := keyValue(e)
		if err != nil {
			return nil, err
		}
		calls, err := filters(rest)
		if err != nil {
			return nil, err
		}
		out = append(out, passes.AnnotationFilters{Key: k, Value: v, Filters: calls})
	}
	return out, nil
}

// splitWords splits a command line as a POSIX shell would for the simple
// cases the docs use: blanks separate words; single quotes keep
// everything; double quotes keep everything but \" and \\.
func splitWords(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote rune
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch {
			case r == '"':
				quote = 0
			case r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
				i++
				cur.WriteRune(rs[i])
			default:
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
