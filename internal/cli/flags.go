package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/kube"
	"github.com/rgc-dev/rgc/passes"
)

// cliOpts are the flags that shape the tool's own behaviour rather than the
// compilation.
type cliOpts struct {
	output   string // compile: "eskip" or "json"; check: "text", "json" or "sarif"
	color    string // check: "auto", "always" or "never"
	pretty   bool
	indent   string
	verbose  bool // show info diagnostics
	quiet    bool // show errors only
	config   string
	paths    []string
	warnings []string // problems with the flags that are worth telling but not fatal
	// kube is set by -kubernetes: read the cluster instead of paths.
	kube        *kube.Config
	kubeTimeout time.Duration
}

// settings is everything a compile or check command line says. The scalar
// conversion flags are bound straight to the Options fields; the values
// Skipper parses only after it has read every flag and the config file
// (predicates, filters, the traffic algorithm) are kept as text until
// finish.
type settings struct {
	cmd  string
	opts rgc.Options
	cli  cliOpts

	ewRangeDomains         commaList
	ewRangePredicates      string
	annotationPredicates   multiValue
	annotationFilters      multiValue
	ewAnnotationPredicates multiValue
	ewAnnotationFilters    multiValue
	allowedExternalNames   regexpList
	trafficAlgorithm       string
	analysis               analysisFlags
	kube                   clusterFlags

	// from says where each scalar setting got its value when that was the
	// config file, for error messages; by default it is the flag.
	from map[string]string
	// configurable lists the flags a -config file may set.
	configurable map[string]bool
	// groups lists the flags for -help, in order.
	groups []flagGroup
}

type flagGroup struct {
	title string
	names []string
}

// usageError is a problem with the command line or the config file: exit
// status 2. short asks for the short usage to follow the message.
type usageError struct {
	err   error
	short bool
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), short: true}
}

// ioError is a failure to read an input or the config file: exit status 3.
type ioError struct{ err error }

func (e *ioError) Error() string { return e.err.Error() }
func (e *ioError) Unwrap() error { return e.err }

// newSettings registers the flags of cmd ("compile" or "check") on a new
// flag set, with Skipper's command line defaults.
func newSettings(cmd string) (*settings, *flag.FlagSet) {
	s := &settings{
		cmd:          cmd,
		opts:         passes.CLIDefaults(),
		from:         map[string]string{},
		configurable: map[string]bool{},
	}
	s.trafficAlgorithm = s.opts.TrafficAlgorithm.String()
	s.annotationPredicates.name = "kubernetes-annotation-predicates"
	s.annotationFilters.name = "kubernetes-annotation-filters-append"
	s.ewAnnotationPredicates.name = "kubernetes-east-west-range-annotation-predicates"
	s.ewAnnotationFilters.name = "kubernetes-east-west-range-annotation-filters-append"

	fs := flag.NewFlagSet("rgc "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints errors and usage itself
	fs.Usage = func() {}
	s.registerCLI(fs)
	s.registerSkipper(fs)
	s.registerOwn(fs)
	s.registerAnalysis(fs)
	s.registerKube(fs)
	registerSkipperFlags(fs)
	return s, fs
}

// group starts a -help section; the flags registered until the next call
// belong to it. config says whether a -config file may set them.
func (s *settings) group(fs *flag.FlagSet, title string, config bool, register func()) {
	before := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { before[f.Name] = true })
	register()
	g := flagGroup{title: title}
	fs.VisitAll(func(f *flag.Flag) {
		if !before[f.Name] {
			g.names = append(g.names, f.Name)
			s.configurable[f.Name] = config
		}
	})
	s.groups = append(s.groups, g)
}

func (s *settings) registerCLI(fs *flag.FlagSet) {
	c := &s.cli
	s.group(fs, "General flags", false, func() {
		if s.cmd == "compile" {
			fs.StringVar(&c.output, "o", "eskip", "output `format`: eskip (one route per line, as eskip print) or json (Skipper's JSON, as eskip print -json)")
			fs.BoolVar(&c.pretty, "pretty", false, "print routes in eskip print -pretty's multi-line form, or indented JSON")
			fs.StringVar(&c.indent, "indent", "  ", "indent `string` for -pretty; white space only")
		}
		fs.BoolVar(&c.verbose, "v", false, "also show info diagnostics")
		fs.BoolVar(&c.quiet, "q", false, "show error diagnostics only, and no summary unless there are errors")
		fs.StringVar(&c.config, "config", "", "read flags from a Skipper-style YAML config `file`: keys are flag names; flags given on the command line override it, repeatable ones add to its lists")
		fs.StringVar(&c.config, "config-file", "", "Skipper's name for -config: read flags from a YAML config `file`")
	})
}

// registerSkipper registers the conversion flags with Skipper's names,
// value syntax, defaults and (lightly edited) help texts, as in
// skipper/config/config.go v0.27.54.
func (s *settings) registerSkipper(fs *flag.FlagSet) {
	o := &s.opts
	s.group(fs, "Conversion flags, as Skipper's: same names, value syntax and defaults", true, func() {
		fs.BoolVar(&o.HTTPSRedirect, "kubernetes-https-redirect", o.HTTPSRedirect, "automatic HTTP->HTTPS redirect route")
		fs.IntVar(&o.HTTPSRedirectCode, "kubernetes-https-redirect-code", o.HTTPSRedirectCode, "`code` of the HTTP->HTTPS redirect; 0 or less means 308")
		fs.BoolVar(&o.Healthcheck, "kubernetes-healthcheck", o.Healthcheck, "automatic healthcheck route for internal IPs with path /kube-system/healthz")
		fs.BoolVar(&o.DisableCatchAllRoutes, "kubernetes-disable-catchall-routes", o.DisableCatchAllRoutes, "disables creation of catchall routes")
		fs.StringVar(&o.RouteGroupClass, "kubernetes-routegroup-class", o.RouteGroupClass, "route group class `regexp`: route groups whose zalando.org/routegroup.class annotation does not match are skipped (default skipper)")
		fs.BoolVar(&o.EnableEndpointSlices, "enable-kubernetes-endpointslices", o.EnableEndpointSlices, "use EndpointSlices instead of Endpoints")
		fs.StringVar(&o.TopologyZone, "kubernetes-topology-zone", o.TopologyZone, "topology `zone` for zone aware routing")
		fs.BoolVar(&o.EnableEastWest, "enable-kubernetes-east-west", o.EnableEastWest, "*deprecated* in Skipper, use -kubernetes-east-west-range-domains: adds routes for NAME.NAMESPACE.<east-west domain>")
		fs.StringVar(&o.EastWestDomain, "kubernetes-east-west-domain", o.EastWestDomain, "*deprecated* in Skipper: the east-west `domain` (default skipper.cluster.local); leading and trailing dots are trimmed")
		fs.Var(&s.ewRangeDomains, "kubernetes-east-west-range-domains", "comma separated cluster internal `domains`; routes to them get -kubernetes-east-west-range-predicates")
		fs.StringVar(&s.ewRangePredicates, "kubernetes-east-west-range-predicates", "", "`predicates` appended to routes to -kubernetes-east-west-range-domains, e.g. 'ClientIP(\"10.2.0.0/16\")'")
		fs.Var(&s.annotationPredicates, "kubernetes-annotation-predicates", "`key=value=predicates` appended to the non east-west routes of route groups annotated key: value, e.g. 'zone-a=true=Foo() && Bar()'; repeatable")
		fs.Var(&s.annotationFilters, "kubernetes-annotation-filters-append", "`key=value=filters` appended to the non east-west routes of route groups annotated key: value, e.g. 'zone-a=true=foo() -> bar()'; repeatable")
		fs.Var(&s.ewAnnotationPredicates, "kubernetes-east-west-range-annotation-predicates", "like -kubernetes-annotation-predicates, for east-west range routes; repeatable")
		fs.Var(&s.ewAnnotationFilters, "kubernetes-east-west-range-annotation-filters-append", "like -kubernetes-annotation-filters-append, for east-west range routes; repeatable")
		fs.BoolVar(&o.BackendNameTracingTag, "opentracing-backend-name-tag", o.BackendNameTracingTag, "add a tracing tag with the backend name to the routes of route groups")
		fs.BoolVar(&o.OnlyAllowedExternalNames, "kubernetes-only-allowed-external-names", o.OnlyAllowedExternalNames, "accept network backend addresses and explicit lb endpoints only if they match a -kubernetes-allowed-external-name")
		fs.Var(&s.allowedExternalNames, "kubernetes-allowed-external-name", "`regexp` for -kubernetes-only-allowed-external-names; repeatable (config key kubernetes-allowed-external-names, a mapping of lists, as Skipper reads it)")
		fs.StringVar(&s.trafficAlgorithm, "kubernetes-backend-traffic-algorithm", s.trafficAlgorithm, "traffic splitting between weighted backends: traffic-predicate or traffic-segment-predicate")
		fs.StringVar(&o.DefaultLBAlgorithm, "kubernetes-default-lb-algorithm", o.DefaultLBAlgorithm, "default load balancing `algorithm`: roundRobin, consistentHash, random, powerOfRandomNChoices, weightedRoundRobin or leastRequests; Skipper uses roundRobin for any other")
		fs.StringVar(&o.ForwardBackendURL, "forward-backend-url", o.ForwardBackendURL, "target `url` of the <forward> backend")
		fs.StringVar(&o.DefaultFiltersDir, "default-filters-dir", o.DefaultFiltersDir, "`directory` of default filters, one file per service named SERVICE.NAMESPACE")
	})
}

func (s *settings) registerOwn(fs *flag.FlagSet) {
	o := &s.opts
	s.group(fs, "rgc's own conversion flags", true, func() {
		fs.BoolVar(&o.ServiceDNS, "service-dns", o.ServiceDNS, "route service backends to http://NAME.NAMESPACE.svc.cluster.local:PORT instead of resolving Endpoints")
		fs.BoolVar(&o.AtomicGroups, "atomic-groups", o.AtomicGroups, "drop every route of a route group that has any error (Skipper drops only the failing route)")
		fs.IntVar(&o.MaxGroupRoutes, "max-group-routes", o.MaxGroupRoutes, "reject a route group that would expand to more routes (0: the default, 10000; negative: no limit)")
		fs.IntVar(&o.MaxRoutePredicates, "max-route-predicates", o.MaxRoutePredicates, "reject a route group with a route of more predicates (0: the default, 1000; negative: no limit)")
		fs.IntVar(&o.MaxTableRoutes, "max-table-routes", o.MaxTableRoutes, "reject the route groups that would grow the table beyond this many routes, in namespace/name order (0: the default, 2000000; negative: no limit)")
		if s.cmd == "check" {
			fs.BoolVar(&o.StrictServices, "strict-services", o.StrictServices, "a missing Service is an error even when the input holds no Services, Endpoints or EndpointSlices at all")
		}
	})
}

// parseFlags parses the arguments of cmd ("compile" or "check"), reads the
// -config file, and returns the compilation options and the tool's own. The
// error is flag.ErrHelp for -h and -help, a *usageError or an *ioError.
func parseFlags(cmd string, args []string) (rgc.Options, cliOpts, error) {
	s, fs := newSettings(cmd)
	paths, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return rgc.Options{}, cliOpts{}, err
	}
	if err != nil {
		return rgc.Options{}, cliOpts{}, &usageError{err: unknownFlag(fs, err), short: true}
	}
	s.cli.paths = paths
	cmdline := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { cmdline[f.Name] = true })
	if err := rejectUnsupported(cmdline); err != nil {
		return rgc.Options{}, cliOpts{}, err
	}
	if s.cli.config != "" {
		if err := s.applyConfig(fs, s.cli.config, cmdline); err != nil {
			return rgc.Options{}, cliOpts{}, err
		}
	}
	if err := s.checkKube(cmdline); err != nil {
		return rgc.Options{}, cliOpts{}, err
	}
	if err := s.checkCLI(); err != nil {
		return rgc.Options{}, cliOpts{}, err
	}
	opts, err := s.finish()
	if err != nil {
		return rgc.Options{}, cliOpts{}, err
	}
	return opts, s.cli, nil
}

// parseInterspersed parses flags before, between and after the paths, so
// that "rgc compile dir -o json" works; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return paths, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}

// unknownFlag rewords the flag package's error for an undefined flag and
// suggests the closest one.
func unknownFlag(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return err
	}
	name = strings.TrimPrefix(name, "-")
	if s := suggest(fs, name); s != "" {
		return fmt.Errorf("unknown flag -%s: did you mean -%s?", name, s)
	}
	return fmt.Errorf("unknown flag -%s", name)
}

func rejectUnsupported(cmdline map[string]bool) error {
	var names []string
	for n := range cmdline {
		if _, ok := unsupportedFlags[n]; ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	n := names[0]
	return usagef("flag -%s is not supported: %s", n, unsupportedFlags[n])
}

func (s *settings) checkCLI() error {
	c := &s.cli
	if s.cmd == "compile" && c.output != "eskip" && c.output != "json" {
		return usagef("invalid value %q for flag -o: want eskip or json", c.output)
	}
	if strings.TrimSpace(c.indent) != "" {
		return usagef("invalid value %q for flag -indent: want white space only", c.indent)
	}
	if c.quiet && c.verbose {
		return usagef("flags -q and -v exclude each other")
	}
	if len(c.paths) == 0 && c.kube == nil {
		return usagef("no input: give files, directories or - for standard input, or -kubernetes")
	}
	return nil
}

// finish turns the settings into Options as Skipper's config.Parse and
// kubernetes.New do: it parses the predicate and filter flags, checks the
// traffic algorithm and the class regexp, and normalizes the redirect code
// and the east-west domain.
func (s *settings) finish() (rgc.Options, error) {
	o := s.opts
	if o.HTTPSRedirectCode <= 0 {
		o.HTTPSRedirectCode = 308
	}
	if o.EnableEastWest && o.EastWestDomain != "" {
		o.EastWestDomain = strings.Trim(o.EastWestDomain, ".")
	}
	if _, err := regexp.Compile(o.RouteGroupClass); err != nil {
		return o, s.settingError("kubernetes-routegroup-class", err.Error())
	}
	ta, ok := passes.ParseTrafficAlgorithm(s.trafficAlgorithm)
	if !ok {
		return o, s.settingError("kubernetes-backend-traffic-algorithm",
			fmt.Sprintf("invalid backend traffic algorithm %q, want traffic-predicate or traffic-segment-predicate", s.trafficAlgorithm))
	}
	o.TrafficAlgorithm = ta
	if !knownLBAlgorithm(o.DefaultLBAlgorithm) {
		s.cli.warnings = append(s.cli.warnings, fmt.Sprintf(
			"%s: unknown load balancing algorithm %q: Skipper uses roundRobin instead", s.where("kubernetes-default-lb-algorithm"), o.DefaultLBAlgorithm))
	}
	o.EastWestRangeDomains = s.ewRangeDomains.values
	o.AllowedExternalNames = s.allowedExternalNames.rxs

	var err error
	e := entry{text: s.ewRangePredicates, from: s.where("kubernetes-east-west-range-predicates")}
	if o.EastWestRangePredicates, err = parsePredicates(e, 0); err != nil {
		return o, err
	}
	if o.AnnotationPredicates, err = annotationPredicates(s.annotationPredicates.entries); err != nil {
		return o, err
	}
	if o.AnnotationFiltersAppend, err = annotationFilters(s.annotationFilters.entries); err != nil {
		return o, err
	}
	if o.EastWestRangeAnnotationPredicates, err = annotationPredicates(s.ewAnnotationPredicates.entries); err != nil {
		return o, err
	}
	if o.EastWestRangeAnnotationFilters, err = annotationFilters(s.ewAnnotationFilters.entries); err != nil {
		return o, err
	}
	o.CheckMode = s.cmd == "check"
	if err := s.finishAnalysis(&o); err != nil {
		return o, err
	}
	return o, nil
}

// where names the origin of a scalar setting: the flag, or the config file
// position that set it.
func (s *settings) where(name string) string {
	if w, ok := s.from[name]; ok {
		return w
	}
	return "-" + name
}

func (s *settings) settingError(name, msg string) error {
	return &usageError{err: fmt.Errorf("%s: %s", s.where(name), msg), short: strings.HasPrefix(s.where(name), "-")}
}

// knownLBAlgorithm mirrors loadbalancer.AlgorithmFromString (Skipper
// v0.27.54); "" means the default.
func knownLBAlgorithm(a string) bool {
	switch a {
	case "", "roundRobin", "random", "consistentHash", "powerOfRandomNChoices", "weightedRoundRobin", "leastRequests":
		return true
	}
	return false
}
