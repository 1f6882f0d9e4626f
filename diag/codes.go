package diag

// Code identifies a kind of problem. Codes are stable: never renumbered,
// never reused. Blocks show where a problem comes from:
//
//	RG0xx  documents, YAML and the shape of objects
//	RG1xx  embedded predicate and filter syntax
//	RG2xx  backends and services
//	RG3xx  weights
//	RG4xx  hosts and east-west
//	RG5xx  registry checks (predicate and filter names and arguments)
//	RG6xx  cross-group analysis
//	RG7xx  policy
//	RG9xx  internal
//
// Each code is documented here once, with the section of spec/rgc.md that
// defines it and an example; docs/diagnostics.md is checked against this
// list.
type Code string

const (
	// YAMLSyntax: the input is not well-formed YAML or JSON (§2.1).
	//	spec: {hosts: [a.example.org}
	YAMLSyntax Code = "RG001"

	// NotAnObject: a document or list item is not a mapping with kind and
	// apiVersion (§2.1).
	//	- just a string
	NotAnObject Code = "RG002"

	// UnsupportedKind: a document of a kind rgc does not read; it is
	// skipped (§2.1). Severity info.
	//	kind: ConfigMap
	UnsupportedKind Code = "RG003"

	// WrongType: a field holds a value of the wrong YAML type (§2.2).
	//	hosts: example.org        # a list is expected
	//	servicePort: "80"         # a number is expected
	WrongType Code = "RG004"

	// UnknownField: a field the RouteGroup CRD does not define; Kubernetes
	// would prune it (§2.2). Severity warning.
	//	spec: {hostz: [a.example.org]}
	UnknownField Code = "RG005"

	// MissingField: a required field is absent or empty (§2.2).
	//	metadata: {namespace: default}   # no name
	MissingField Code = "RG006"

	// InvalidNumber: a number that the Kubernetes API would reject for an
	// integer field: a fraction, an exponent, hex, or out of range (§2.2).
	//	weight: 1.5
	InvalidNumber Code = "RG007"

	// DuplicateObject: two objects of the same kind, namespace and name;
	// the later one wins, as it would in a cluster (§2.1). Severity warning.
	DuplicateObject Code = "RG008"

	// AliasLimit: the document uses YAML aliases excessively (an alias
	// bomb) and is rejected (§2.1).
	AliasLimit Code = "RG009"

	// MissingSpec: a RouteGroup without spec (§3.1).
	MissingSpec Code = "RG010"

	// ClassMismatch: the route group's zalando.org/routegroup.class
	// annotation does not match -kubernetes-routegroup-class; it is skipped
	// as Skipper skips it (§3.1). Severity info.
	ClassMismatch Code = "RG011"

	// DuplicateKey: a mapping holds the same key twice (§2.2).
	//	spec: {hosts: [a], hosts: [b]}
	DuplicateKey Code = "RG012"

	// DefaultFiltersIgnored: an entry of -default-filters-dir that Skipper
	// skips: its name is not SERVICE.NAMESPACE (severity info), or it is
	// not a regular file or link, larger than 1 MiB, or unreadable
	// (severity warning) (§5.4).
	//	default-filters/myapp.default.bak
	DefaultFiltersIgnored Code = "RG013"

	// TooLarge: a route group would expand beyond a cap: more routes than
	// -max-group-routes (default 10,000), a route with more predicates
	// than -max-route-predicates (default 1,000), or a table larger than
	// -max-table-routes (default 2,000,000). The size is computed before
	// anything is expanded; the group is rejected, the others are not
	// affected (§3.5).
	//	defaultBackends: [{backendName: b1, weight: 1}, ..., {backendName: b3000, weight: 1}]
	TooLarge Code = "RG014"

	// UnreadableInput: an entry of an input directory that cannot be read
	// (a dangling symlink, no read permission): it is left out and the
	// rest of the input compiled; rgc serve keeps the route groups it
	// defined as they were (§2.1).
	//	app.yaml -> missing-target.yaml
	UnreadableInput Code = "RG019"

	// InvalidRoute: a route entry is null or not a mapping (§3.4).
	//	routes: [null]
	InvalidRoute Code = "RG020"

	// PathAndPathSubtree: a route sets both path and pathSubtree (§3.4).
	//	- path: /a
	//	  pathSubtree: /a
	PathAndPathSubtree Code = "RG021"

	// EmptyMethod: a route lists an empty method (§3.4).
	//	methods: [""]
	EmptyMethod Code = "RG022"

	// UnknownMethod: a method that is not a standard HTTP method, outside
	// the CRD's enum, so the API server rejects the group; Skipper would
	// accept it but no request would match (§3.4). An error that, like
	// RG024, drops no route.
	//	methods: [GTE]
	UnknownMethod Code = "RG023"

	// SchemaViolation: a value the RouteGroup CRD's schema rejects, so the
	// API server refuses the route group, although Skipper's converter
	// would take it: a host (in hosts or tls) that is not a lower-case DNS
	// name (a wildcard also makes an invalid Host regexp), a method not in
	// upper case, an empty hosts, routes or endpoints list, a backend
	// without type, a tls entry without hosts or secretName or with a
	// host twice (§2.3, §3.4, §7.1). ir.CRDRules lists every rule of the
	// CRD and the code that reports it. rgc keeps the routes Skipper's
	// converter builds: the error drops nothing. A forward backend, which
	// the CRD Skipper ships does not list, is a warning.
	//	hosts: ["*.example.org"]
	//	hosts: []                 # a catch-all for every host
	//	methods: [get]
	SchemaViolation Code = "RG024"

	// PredicateSyntax: a predicates entry is not valid eskip (§4.1).
	//	predicates: ['Header("X-Foo" "bar")']
	PredicateSyntax Code = "RG101"

	// FilterSyntax: a filters entry is not valid eskip (§4.1).
	//	filters: ['setPath("/") ->']
	FilterSyntax Code = "RG102"

	// SinglePredicateExpected: a predicates entry holds more or fewer than
	// one predicate (§4.1).
	//	predicates: ['Header("A", "b") && Header("C", "d")']
	SinglePredicateExpected Code = "RG103"

	// SingleFilterExpected: a filters entry holds more or fewer than one
	// filter (§4.1).
	//	filters: ['status(200) -> inlineContent("x")']
	SingleFilterExpected Code = "RG104"

	// InvalidRegexp: a regular expression (pathRegexp, or a regexp argument)
	// that Go's regexp package rejects; Skipper's routing would drop the
	// route (§4.2).
	//	pathRegexp: "^/(a"
	InvalidRegexp Code = "RG110"

	// NotEskip: Skipper's converter builds the route, but eskip text cannot
	// express it, so the printed table does not parse (two Method or
	// Header predicates on one name, wrong argument types for Path, Host,
	// Method, Header, lb endpoints of different schemes) (§4.3). Severity
	// warning.
	//	- methods: [GET]
	//	  predicates: ['Method("GET")']
	NotEskip Code = "RG111"

	// NonFiniteNumber: a number argument of a predicate or filter too
	// large for a float64; it would be ±Inf, which neither eskip text nor
	// JSON can hold. The group is rejected alone (§4.2).
	//	predicates: ["Weight(1000…000)"]   # 400 digits
	NonFiniteNumber Code = "RG112"

	// NoBackends: a route group without backends (§3.2).
	NoBackends Code = "RG201"

	// UnnamedBackend: a backend without name (§3.2).
	UnnamedBackend Code = "RG202"

	// DuplicateBackend: two backends with the same name (§3.2).
	DuplicateBackend Code = "RG203"

	// UnknownBackendType: a backend type other than service, shunt,
	// loopback, dynamic, lb, network or forward (§3.2).
	//	type: servise
	UnknownBackendType Code = "RG204"

	// UnknownAlgorithm: an lb algorithm Skipper does not know (§3.2).
	//	algorithm: roundrobin
	UnknownAlgorithm Code = "RG205"

	// MissingAddress: a network backend without address (§3.2).
	MissingAddress Code = "RG206"

	// InvalidAddress: a network backend address that is not scheme://host
	// (§3.2).
	//	address: http://example.org/path
	InvalidAddress Code = "RG207"

	// MissingServiceName: a service backend without serviceName (§3.2).
	MissingServiceName Code = "RG208"

	// InvalidServicePort: a service backend port that is 0 or out of range
	// (§3.2).
	//	servicePort: 70000
	InvalidServicePort Code = "RG209"

	// MissingEndpoints: an lb backend without endpoints (§3.2).
	MissingEndpoints Code = "RG210"

	// UnnamedBackendRef: a backend reference without backendName (§3.3).
	UnnamedBackendRef Code = "RG211"

	// UnknownBackendRef: a reference to a backend the group does not
	// declare (§3.3).
	//	defaultBackends: [{backendName: mybakend}]
	UnknownBackendRef Code = "RG212"

	// DuplicateBackendRef: the same backend referenced twice in one list
	// (§3.3).
	DuplicateBackendRef Code = "RG213"

	// NoBackendRef: the group has neither default backends nor routes, or a
	// route has no backends while the group has no default backends (§3.3).
	NoBackendRef Code = "RG214"

	// ServiceNotFound: a service backend names a Service the input does not
	// contain (§5.1). An error for rgc compile (the route is dropped as
	// Skipper drops it); a warning for rgc check without cluster state.
	ServiceNotFound Code = "RG215"

	// ServiceNotClusterIP: the Service is not of type ClusterIP (§5.1).
	ServiceNotClusterIP Code = "RG216"

	// ServicePortNotFound: the Service has no port equal to servicePort
	// (§5.1).
	ServicePortNotFound Code = "RG217"

	// NoEndpoints: the Service has no ready endpoints for the target port;
	// the route answers 502 "no endpoints", as in Skipper (§5.2). Severity
	// warning.
	NoEndpoints Code = "RG218"

	// AddressNotAllowed: a network address or lb endpoint whose host does
	// not match -kubernetes-allowed-external-name while
	// -kubernetes-only-allowed-external-names is set (§5.3).
	AddressNotAllowed Code = "RG219"

	// DefaultFiltersInvalid: a file in -default-filters-dir does not parse;
	// its filters are not applied (§5.4). Severity warning.
	DefaultFiltersInvalid Code = "RG221"

	// ForwardWithoutURL: a forward backend while -forward-backend-url is
	// empty; the route gets an empty network backend (§3.2). Severity
	// warning.
	ForwardWithoutURL Code = "RG222"

	// InvalidPort: a port outside 1 to 65535 in a network backend's
	// address or an lb backend's endpoint. Skipper accepts it, and every
	// request to the route fails; the error drops nothing, the table stays
	// the converter's (§3.2).
	//	endpoints: ["http://10.0.0.1:70000"]
	InvalidPort Code = "RG223"

	// NegativeWeight: a backend reference with a negative weight (§6.1).
	//	weight: -1
	NegativeWeight Code = "RG301"

	// ZeroTraffic: a backend reference whose effective share of traffic is
	// zero; its route is emitted but never matches (§6.2). Severity info.
	ZeroTraffic Code = "RG302"

	// DuplicateHost: a host listed twice (§7.1).
	DuplicateHost Code = "RG401"

	// RedirectCodeAnnotation: a route group carries
	// zalando.org/skipper-ingress-redirect-code, which Skipper honours for
	// Ingress only; route groups use -kubernetes-https-redirect-code (§8.3).
	// Severity warning.
	//	annotations: {zalando.org/skipper-ingress-redirect-code: "301"}
	RedirectCodeAnnotation Code = "RG402"

	// RedirectBypass: with the HTTPS redirect and the traffic-predicate
	// algorithm, a weighted route's redirect weighs as much as the routes
	// of the other backends, and Skipper's routing may serve a plain HTTP
	// request without redirecting it. Skipper builds the same table;
	// -kubernetes-backend-traffic-algorithm=traffic-segment-predicate has
	// no such gap (§8.3). Severity warning.
	//	defaultBackends: [{backendName: a, weight: 50}, {backendName: b, weight: 50}]
	RedirectBypass Code = "RG403"

	// InternalError: rgc failed while compiling this group; a bug. The group
	// is left out (§1.3).
	InternalError Code = "RG901"
)

// Codes of cross-group analysis.
const (
	// RouteIDCollision: two routes get the same id; Skipper keeps the first
	// (in namespace/name order) and silently drops the other. Skipper folds
	// every character outside [a-zA-Z0-9_] of names and hosts to "_", so
	// groups foo-bar and foo.bar collide (§8.1). Severity warning.
	RouteIDCollision Code = "RG601"
)

// Codes of registry checks: the predicates and filters a route uses,
// checked against the registries of a Skipper with its default
// configuration (rgc check, rgc compile -analyze). Skipper's converter
// passes such routes on, and its routing then drops them with a log line.
const (
	// UnknownFilter: a filter name Skipper does not register; its routing
	// drops the route (§10.1). The hint names the closest filter, or says
	// that the name is a predicate.
	//	filters: ['setPth("/")']          # did you mean "setPath"?
	UnknownFilter Code = "RG501"

	// UnknownPredicate: a predicate name Skipper does not register; its
	// routing drops the route (§10.1).
	//	predicates: ['Heder("X-Foo", "bar")']   # did you mean "Header"?
	UnknownPredicate Code = "RG502"

	// InvalidFilterArgs: Skipper's filter spec rejects the arguments (rgc
	// creates the filter with them, as Skipper's routing does), or a lua()
	// script does not parse; the route is dropped (§10.1). A lua script
	// without a global request or response function is a warning.
	//	filters: ['setPath(1)']
	InvalidFilterArgs Code = "RG503"

	// InvalidPredicateArgs: Skipper's predicate spec rejects the arguments;
	// the route is dropped (§10.1).
	//	predicates: ['Traffic(2)']
	InvalidPredicateArgs Code = "RG504"

	// NeedsSkipperFlag: a filter that Skipper registers only with a flag,
	// such as the rate limit filters with -enable-ratelimits (§10.1).
	// Severity info.
	//	filters: ['clientRatelimit(10, "1m")']
	NeedsSkipperFlag Code = "RG505"

	// ArgsNotChecked: rgc checks the name but not (or only the number and
	// types of) the arguments, because creating the filter would reach the
	// network, read a file on Skipper's machine or run a script (§10.1).
	// Severity info.
	//	filters: ['jwtValidation("https://issuer.example.org")']
	ArgsNotChecked Code = "RG506"

	// PredicateForField: a Path, PathSubtree, Method or Host predicate in
	// predicates, which the route fields path, pathSubtree, methods and the
	// group's hosts express (§10.1). A warning when it conflicts with the
	// field (a Method predicate overrides methods; a Host predicate must
	// match as well as hosts), info otherwise.
	//	methods: [GET]
	//	predicates: ['Method("POST")']
	PredicateForField Code = "RG507"

	// MultiplePathPredicates: a route with more than one Path or
	// PathSubtree, counting the path and pathSubtree fields; Skipper's
	// routing drops it (§10.1).
	//	path: /a
	//	predicates: ['PathSubtree("/b")']
	MultiplePathPredicates Code = "RG508"
)

// Codes of cross-group analysis (§10.2), continued.
const (
	// DuplicateRoute: two routes, in one group or in two, match exactly the
	// same requests (equal predicates, for a host both claim); Skipper picks
	// one of them arbitrarily (§10.2). Severity warning.
	//	# team-a/app and team-b/app: hosts [api.example.org], path /
	DuplicateRoute Code = "RG602"

	// SharedHost: route groups in different namespaces claim the same host
	// (§10.2). A warning; an error with -exclusive-hosts.
	//	# team-a/app and team-b/other: hosts [api.example.org]
	SharedHost Code = "RG603"

	// EastWestHostCollision: with -enable-kubernetes-east-west, the
	// east-west host NAME.NAMESPACE.DOMAIN of one group is a host another
	// group lists explicitly (§10.2). Severity warning.
	//	hosts: [app.team.skipper.cluster.local]   # in a group other than team/app
	EastWestHostCollision Code = "RG604"

	// UnusedBackend: a backend that neither defaultBackends nor any route
	// references (§10.2). Severity warning.
	//	backends: [{name: app, ...}, {name: ap2, ...}]   # ap2 unused
	UnusedBackend Code = "RG605"

	// UnusedDefaultBackends: defaultBackends that no route uses, because
	// every route lists its own backends (§10.2). Severity warning.
	//	defaultBackends: [{backendName: app}]
	//	routes: [{path: /, backends: [{backendName: other}]}]
	UnusedDefaultBackends Code = "RG606"

	// RouteNeverMatches: a route whose predicates can never all match, such
	// as False(), Traffic(0) or an empty TrafficSegment (§10.2). Severity
	// warning.
	//	predicates: ['False()']
	RouteNeverMatches Code = "RG607"
)

// Codes of policy (§10.3): rules a platform team sets with rgc check's
// policy flags. Each violation is an error.
const (
	// DeniedFilter: a filter named by -deny-filters (§10.3).
	//	filters: ['lua("function request(c, p) end")']   # -deny-filters lua
	DeniedFilter Code = "RG701"

	// DeniedPredicate: a predicate named by -deny-predicates (§10.3).
	//	predicates: ['Shutdown()']   # -deny-predicates Shutdown
	DeniedPredicate Code = "RG702"

	// BackendHostNotAllowed: the host of a network backend address or an
	// lb endpoint matches none of the -allow-backend-host expressions
	// (§10.3).
	//	address: https://evil.example.com   # -allow-backend-host '\.example\.org$'
	BackendHostNotAllowed Code = "RG703"

	// TooManyRoutes: a route group produces more routes than
	// -max-routes-per-group (§10.3).
	TooManyRoutes Code = "RG704"
)
