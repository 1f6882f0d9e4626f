package ir

import "github.com/rgc-dev/rgc/internal/src"

// Service is a core/v1 Service, reduced to what routing needs.
type Service struct {
	Meta
	Type      Str // "ClusterIP" when absent, as the API server defaults it
	ClusterIP Str
	Ports     []*ServicePort
}

// ServicePort is an entry of a Service's spec.ports.
type ServicePort struct {
	Src        src.Span
	Name       string
	Port       int
	TargetPort *IntOrString // nil when absent
	Protocol   string
}

// IntOrString is Kubernetes' int-or-string, used for target ports.
type IntOrString struct {
	IsInt bool
	Int   int
	Str   string
}

// String renders the value as written: the number or the name.
func (p IntOrString) String() string {
	if p.IsInt {
		return itoa(p.Int)
	}
	return p.Str
}

// Endpoints is a core/v1 Endpoints object.
type Endpoints struct {
	Meta
	Subsets []*Subset
}

// Subset is an entry of Endpoints' subsets.
type Subset struct {
	Addresses []string // IPs of ready addresses
	Ports     []*EndpointPort
}

// EndpointPort is a port of an Endpoints subset or an EndpointSlice.
type EndpointPort struct {
	Name        string
	Port        int
	Protocol    string
	AppProtocol string
}

// EndpointSlice is a discovery.k8s.io/v1 EndpointSlice.
type EndpointSlice struct {
	Meta
	ServiceName string // kubernetes.io/service-name label
	Endpoints   []*SliceEndpoint
	Ports       []*EndpointPort
	HasPorts    bool // ports present (Skipper ignores slices with null ports)
}

// SliceEndpoint is an entry of an EndpointSlice's endpoints.
type SliceEndpoint struct {
	Addresses   []string
	Zone        string
	Ready       *bool
	Serving     *bool
	Terminating *bool
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
