package fuzz

import (
	"os"
	"path/filepath"
	"regexp"

	"github.com/zalando/skipper/dataclients/kubernetes"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// convOptions are the conversion options of one generated case. rgc and
// kubernetes map them to passes.Options and to Skipper's
// kubernetes.Options, so that both sides always see the same settings.
type convOptions struct {
	EastWest        bool
	EastWestDomain  string
	RangeDomains    []string
	RangePredicates []call
	HTTPSRedirect   bool
	RedirectCode    int
	DisableCatchAll bool
	TrafficSegment  bool
	DefaultLB       string
	EndpointSlices  bool
	TopologyZone    string
	AnnotPredicates []annotCalls
	AnnotFilters    []annotCalls
	RangeAnnotPreds []annotCalls
	RangeAnnotFilts []annotCalls
	OnlyAllowed     bool
	Allowed         []string
	TracingTag      bool
	ForwardURL      string
	Healthcheck     bool
	RouteGroupClass string
	// DefaultFilters are the files of -default-filters-dir (name,
	// content); filtersDir is where compile and skipperTable wrote them.
	DefaultFilters []kv
	filtersDir     string
}

// writeFilters writes the default filters files to a new directory and
// returns the options pointing at it, and a cleanup.
func (o convOptions) writeFilters() (convOptions, func(), error) {
	if len(o.DefaultFilters) == 0 || o.filtersDir != "" {
		return o, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "rgc-default-filters")
	if err != nil {
		return o, nil, err
	}
	for _, f := range o.DefaultFilters {
		if err := os.WriteFile(filepath.Join(dir, f.K), []byte(f.V), 0o644); err != nil {
			os.RemoveAll(dir)
			return o, nil, err
		}
	}
	o.filtersDir = dir
	return o, func() { os.RemoveAll(dir) }, nil
}

// call is a predicate or filter given as an option.
type call struct {
	Name string
	Args []any // float64 or string
}

type annotCalls struct {
	Key, Value string
	Calls      []call
}

func irCalls(cs []call) []*ir.Call {
	var out []*ir.Call
	for _, c := range cs {
		ic := &ir.Call{Name: c.Name}
		for _, a := range c.Args {
			switch v := a.(type) {
			case float64:
				ic.Args = append(ic.Args, ir.Num(v))
			case string:
				ic.Args = append(ic.Args, ir.String(v))
			}
		}
		out = append(out, ic)
	}
	return out
}

func eskipPredicates(cs []call) []*eskip.Predicate {
	var out []*eskip.Predicate
	for _, c := range cs {
		out = append(out, &eskip.Predicate{Name: c.Name, Args: append([]any(nil), c.Args...)})
	}
	return out
}

func eskipFilters(cs []call) []*eskip.Filter {
	var out []*eskip.Filter
	for _, c := range cs {
		out = append(out, &eskip.Filter{Name: c.Name, Args: append([]any(nil), c.Args...)})
	}
	return out
}

func (o convOptions) allowed() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, s := range o.Allowed {
		out = append(out, regexp.MustCompile(s))
	}
	return out
}

// rgc maps the options to rgc's.
func (o convOptions) rgc() passes.Options {
	p := passes.Options{
		HTTPSRedirect: o.HTTPSRedirect, HTTPSRedirectCode: o.RedirectCode,
		Healthcheck: o.Healthcheck, DisableCatchAllRoutes: o.DisableCatchAll,
		RouteGroupClass: o.RouteGroupClass, EnableEndpointSlices: o.EndpointSlices,
		TopologyZone: o.TopologyZone, EnableEastWest: o.EastWest, EastWestDomain: o.EastWestDomain,
		EastWestRangeDomains: o.RangeDomains, EastWestRangePredicates: irCalls(o.RangePredicates),
		BackendNameTracingTag: o.TracingTag, OnlyAllowedExternalNames: o.OnlyAllowed,
		AllowedExternalNames: o.allowed(), DefaultLBAlgorithm: o.DefaultLB, ForwardBackendURL: o.ForwardURL,
		DefaultFiltersDir: o.filtersDir,
	}
	if o.TrafficSegment {
		p.TrafficAlgorithm = passes.TrafficSegment
	}
	for _, a := range o.AnnotPredicates {
		p.AnnotationPredicates = append(p.AnnotationPredicates, passes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: irCalls(a.Calls)})
	}
	for _, a := range o.AnnotFilters {
		p.AnnotationFiltersAppend = append(p.AnnotationFiltersAppend, passes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: irCalls(a.Calls)})
	}
	for _, a := range o.RangeAnnotPreds {
		p.EastWestRangeAnnotationPredicates = append(p.EastWestRangeAnnotationPredicates, passes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: irCalls(a.Calls)})
	}
	for _, a := range o.RangeAnnotFilts {
		p.EastWestRangeAnnotationFilters = append(p.EastWestRangeAnnotationFilters, passes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: irCalls(a.Calls)})
	}
	return p
}

// kubernetes maps the options to Skipper's data client options for the
// API server at url.
func (o convOptions) kubernetes(url string) kubernetes.Options {
	k := kubernetes.Options{
		KubernetesURL: url, ProvideHealthcheck: o.Healthcheck,
		ProvideHTTPSRedirect: o.HTTPSRedirect, HTTPSRedirectCode: o.RedirectCode,
		DisableCatchAllRoutes: o.DisableCatchAll, RouteGroupClass: o.RouteGroupClass,
		KubernetesEnableEndpointslices: o.EndpointSlices, TopologyZone: o.TopologyZone,
		KubernetesEnableEastWest: o.EastWest, KubernetesEastWestDomain: o.EastWestDomain,
		KubernetesEastWestRangeDomains: o.RangeDomains, KubernetesEastWestRangePredicates: eskipPredicates(o.RangePredicates),
		BackendNameTracingTag: o.TracingTag, OnlyAllowedExternalNames: o.OnlyAllowed,
		AllowedExternalNames: o.allowed(), DefaultLoadBalancerAlgorithm: o.DefaultLB, ForwardBackendURL: o.ForwardURL,
		DefaultFiltersDir: o.filtersDir,
	}
	if o.TrafficSegment {
		k.BackendTrafficAlgorithm = kubernetes.TrafficSegmentPredicateAlgorithm
	}
	for _, a := range o.AnnotPredicates {
		k.KubernetesAnnotationPredicates = append(k.KubernetesAnnotationPredicates, kubernetes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: eskipPredicates(a.Calls)})
	}
	for _, a := range o.AnnotFilters {
		k.KubernetesAnnotationFiltersAppend = append(k.KubernetesAnnotationFiltersAppend, kubernetes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: eskipFilters(a.Calls)})
	}
	for _, a := range o.RangeAnnotPreds {
		k.KubernetesEastWestRangeAnnotationPredicates = append(k.KubernetesEastWestRangeAnnotationPredicates, kubernetes.AnnotationPredicates{Key: a.Key, Value: a.Value, Predicates: eskipPredicates(a.Calls)})
	}
	for _, a := range o.RangeAnnotFilts {
		k.KubernetesEastWestRangeAnnotationFiltersAppend = append(k.KubernetesEastWestRangeAnnotationFiltersAppend, kubernetes.AnnotationFilters{Key: a.Key, Value: a.Value, Filters: eskipFilters(a.Calls)})
	}
	return k
}
