package ir

import "github.com/rgc-dev/rgc/internal/src"

// Str is a string from the input with its span. The span of a value that
// rgc made up (a default) is invalid.
type Str struct {
	V   string
	Src src.Span
}

// Int is an integer from the input with its span; Set is false when the
// field was absent.
type Int struct {
	V   int
	Set bool
	Src src.Span
}

// Key identifies a namespaced object. Namespace is never empty: the front
// end stores "default" for objects without one, as Skipper does.
type Key struct {
	Namespace string
	Name      string
}

// String renders k as "namespace/name".
func (k Key) String() string { return k.Namespace + "/" + k.Name }

// Meta is the metadata common to all objects.
type Meta struct {
	Src         src.Span // the whole object
	Kind        string
	Namespace   Str // as written; Key().Namespace defaults it
	Name        Str
	Annotations map[string]string
	AnnotSrc    map[string]src.Span
	Labels      map[string]string
	Doc         int // index of the document in the input, for stable order
}

// Key returns the object's namespace/name, with "default" for an empty
// namespace.
func (m *Meta) Key() Key {
	ns := m.Namespace.V
	if ns == "" {
		ns = "default"
	}
	return Key{Namespace: ns, Name: m.Name.V}
}

// ID renders "namespace/name" for diagnostics.
func (m *Meta) ID() string { return m.Key().String() }

// Program is everything the front end read.
type Program struct {
	Files          []*src.File
	Groups         []*RouteGroup
	Services       map[Key]*Service
	Endpoints      map[Key]*Endpoints
	EndpointSlices map[Key][]*EndpointSlice // by service (kubernetes.io/service-name label)

	// DefaultFilters holds -default-filters-dir by service.
	DefaultFilters map[Key]*DefaultFilters

	// HasClusterState is true when the input held any Service, Endpoints
	// or EndpointSlice.
	HasClusterState bool
}

// NewProgram returns an empty program.
func NewProgram() *Program {
	return &Program{
		Services:       map[Key]*Service{},
		Endpoints:      map[Key]*Endpoints{},
		EndpointSlices: map[Key][]*EndpointSlice{},
		DefaultFilters: map[Key]*DefaultFilters{},
	}
}

// RouteGroup is a zalando.org/v1 RouteGroup.
type RouteGroup struct {
	Meta
	HasSpec         bool
	Hosts           []Str
	Backends        []*Backend
	DefaultBackends []*BackendRef
	Routes          []*RouteSpec
	TLS             []*TLS

	// Bad is set by the front end when the group has an error: it
	// contributes no routes. Errors the passes find are verdicts
	// (Verdicts.Reject), as is skipping a group of another class.
	Bad bool
}

// BackendType is the type of a RouteGroup backend.
type BackendType int

// The backend types; UnknownBackend stands for any other value of type.
const (
	ServiceBackend BackendType = iota
	ShuntBackend
	LoopbackBackend
	DynamicBackend
	LBBackend
	NetworkBackend
	ForwardBackend
	UnknownBackend
)

var backendTypeNames = [...]string{"service", "shunt", "loopback", "dynamic", "lb", "network", "forward", "unknown"}

// String returns the type's name as a RouteGroup spells it.
func (t BackendType) String() string { return backendTypeNames[t] }

// ParseBackendType maps a RouteGroup backend type name to its type; the
// empty string means service, as in Skipper.
func ParseBackendType(s string) (BackendType, bool) {
	if s == "" {
		return ServiceBackend, true
	}
	for i, n := range backendTypeNames[:UnknownBackend] {
		if n == s {
			return BackendType(i), true
		}
	}
	return UnknownBackend, false
}

// Backend is an entry of spec.backends.
type Backend struct {
	Src         src.Span
	Path        string // spec.backends[i]
	Name        Str
	Type        BackendType
	TypeName    Str
	Address     Str
	ServiceName Str
	ServicePort Int
	Algorithm   Str
	Endpoints   []Str
	Bad         bool
}

// BackendRef is an entry of spec.defaultBackends or of a route's backends.
type BackendRef struct {
	Src    src.Span
	Path   string
	Name   Str
	Weight Int
	Bad    bool
}

// RouteSpec is an entry of spec.routes.
type RouteSpec struct {
	Src         src.Span
	Path        string // spec.routes[i]
	Index       int
	PathExact   Str // the route's path field
	PathSubtree Str
	PathRegexp  Str
	Methods     []Str
	Predicates  []*Expr
	Filters     []*Expr
	Backends    []*BackendRef
	Bad         bool
}

// TLS is an entry of spec.tls. rgc reads it for checks; certificates are
// not part of the routing table.
type TLS struct {
	Src        src.Span
	Hosts      []Str
	SecretName Str
}

// Expr is one predicates or filters entry: the string as written and the
// calls parsed from it.
type Expr struct {
	Text  Str
	Path  string
	Calls []*Call
	Bad   bool
}

// Call is a predicate or filter: Name(args...).
type Call struct {
	Name    string
	NameSrc src.Span
	Args    []Arg
	Src     src.Span
}

// ArgKind tells how an argument was written.
type ArgKind int

// The ways an argument is written: a number, a string, or a regular
// expression (/.../).
const (
	NumberArg ArgKind = iota
	StringArg
	RegexpArg
)

// Arg is a call argument. Numbers are float64, as in eskip; strings and
// regular expressions are strings.
type Arg struct {
	Kind ArgKind
	Num  float64
	Str  string
	Src  src.Span
}

// Value returns the argument as eskip holds it: float64 or string.
func (a Arg) Value() any {
	if a.Kind == NumberArg {
		return a.Num
	}
	return a.Str
}

// Num returns a number argument.
func Num(v float64) Arg { return Arg{Kind: NumberArg, Num: v} }

// String returns a string argument.
func String(s string) Arg { return Arg{Kind: StringArg, Str: s} }

// NewCall returns a call that rgc made up (no source).
func NewCall(name string, args ...Arg) *Call { return &Call{Name: name, Args: args} }

// DefaultFilters is one file of -default-filters-dir, named
// SERVICE.NAMESPACE: filters prepended to every route to that service.
type DefaultFilters struct {
	File  string
	Calls []*Call
	// Err is the parse error, if any. Skipper reports it only when a route
	// uses the service, and then applies no default filters.
	Err string
}

// BackendTypeNames lists the valid backend type names.
func BackendTypeNames() []string { return append([]string(nil), backendTypeNames[:UnknownBackend]...) }
