package passes

import (
	"regexp"

	"github.com/rgc-dev/rgc/ir"
)

// TrafficAlgorithm selects how weights become predicates
// (-kubernetes-backend-traffic-algorithm).
type TrafficAlgorithm int

const (
	// TrafficPredicate uses Traffic() and True() predicates
	// ("traffic-predicate", Skipper's default).
	TrafficPredicate TrafficAlgorithm = iota
	// TrafficSegment uses TrafficSegment() predicates
	// ("traffic-segment-predicate").
	TrafficSegment
)

// String returns Skipper's name for the algorithm.
func (a TrafficAlgorithm) String() string {
	if a == TrafficSegment {
		return "traffic-segment-predicate"
	}
	return "traffic-predicate"
}

// ParseTrafficAlgorithm parses Skipper's names for the traffic algorithms.
func ParseTrafficAlgorithm(s string) (TrafficAlgorithm, bool) {
	switch s {
	case "traffic-predicate":
		return TrafficPredicate, true
	case "traffic-segment-predicate":
		return TrafficSegment, true
	}
	return TrafficPredicate, false
}

// AnnotationPredicates appends Predicates to the routes of objects whose
// annotation Key has Value (-kubernetes-annotation-predicates).
type AnnotationPredicates struct {
	Key, Value string
	Predicates []*ir.Call
}

// AnnotationFilters appends Filters to the routes of objects whose
// annotation Key has Value (-kubernetes-annotation-filters-append).
type AnnotationFilters struct {
	Key, Value string
	Filters    []*ir.Call
}

// Options are the conversion options. Field comments name the Skipper flag
// each one mirrors; the zero value is Skipper's kubernetes.Options zero
// value (what Skipper's own fixture tests use), and CLIDefaults returns
// Skipper's command line defaults.
type Options struct {
	// -kubernetes-https-redirect and -kubernetes-https-redirect-code
	// (0 means 308).
	HTTPSRedirect     bool
	HTTPSRedirectCode int
	// -kubernetes-healthcheck: the kube__healthz_up/down routes.
	Healthcheck bool
	// -kubernetes-disable-catchall-routes
	DisableCatchAllRoutes bool
	// -kubernetes-routegroup-class: a regular expression, "" means
	// "skipper".
	RouteGroupClass string
	// -enable-kubernetes-endpointslices
	EnableEndpointSlices bool
	// -kubernetes-topology-zone
	TopologyZone string
	// -enable-kubernetes-east-west and -kubernetes-east-west-domain ("" means
	// skipper.cluster.local).
	EnableEastWest bool
	EastWestDomain string
	// -kubernetes-east-west-range-domains and
	// -kubernetes-east-west-range-predicates
	EastWestRangeDomains    []string
	EastWestRangePredicates []*ir.Call
	// -kubernetes-annotation-predicates, -kubernetes-annotation-filters-append
	// and their east-west-range variants.
	AnnotationPredicates              []AnnotationPredicates
	AnnotationFiltersAppend           []AnnotationFilters
	EastWestRangeAnnotationPredicates []AnnotationPredicates
	EastWestRangeAnnotationFilters    []AnnotationFilters
	// -opentracing-backend-name-tag
	BackendNameTracingTag bool
	// -kubernetes-only-allowed-external-names and
	// -kubernetes-allowed-external-name (repeatable).
	OnlyAllowedExternalNames bool
	AllowedExternalNames     []*regexp.Regexp
	// -kubernetes-backend-traffic-algorithm
	TrafficAlgorithm TrafficAlgorithm
	// -kubernetes-default-lb-algorithm ("" or unknown means roundRobin)
	DefaultLBAlgorithm string
	// -forward-backend-url
	ForwardBackendURL string
	// -default-filters-dir; the files are read by the front end into
	// ir.Program.DefaultFilters.
	DefaultFiltersDir string

	// rgc's own options.

	// ServiceDNS routes service backends to the Service's cluster DNS name
	// (http://NAME.NAMESPACE.svc.cluster.local:PORT) instead of resolving
	// Endpoints (-service-dns).
	ServiceDNS bool
	// AtomicGroups drops every route of a group that has any error; Skipper
	// drops only the failing route of an explicit route list
	// (-atomic-groups).
	AtomicGroups bool
	// CheckMode is set by rgc check: a missing Service is a warning when the
	// input holds no cluster state at all, unless StrictServices is set.
	CheckMode      bool
	StrictServices bool
	// Caps on expansion (-max-group-routes, -max-route-predicates,
	// -max-table-routes): 0 means the default (DefaultMaxGroupRoutes, ...),
	// a negative value no cap. A group above a cap is rejected (RG014).
	MaxGroupRoutes     int
	MaxRoutePredicates int
	MaxTableRoutes     int
	// Analyzer, when set, runs after the routing table is complete (rgc
	// check, rgc compile -analyze); see package analysis.
	Analyzer Analyzer
}

// CLIDefaults returns the options as Skipper's command line sets them by
// default: HTTPS redirect on with 308, healthcheck routes on.
func CLIDefaults() Options {
	return Options{HTTPSRedirect: true, HTTPSRedirectCode: 308, Healthcheck: true, DefaultLBAlgorithm: "roundRobin"}
}
