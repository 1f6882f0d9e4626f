package passes

import (
	"strconv"

	"github.com/rgc-dev/rgc/ir"
)

// toSymbol replaces every byte that is not [_0-9a-zA-Z] with '_', as
// Skipper does for route ids. Distinct names can give the same symbol
// (foo-bar, foo.bar): the analysis reports such collisions.
func toSymbol(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			continue
		}
		b[i] = '_'
	}
	return string(b)
}

// ids builds the route ids of one group's partition:
// kube_rg__NS__NAME__METHOD__ROUTE_BACKEND, with "internal_" before the
// namespace for internal routes. Namespace and name fold to symbols once.
type ids struct {
	ns, name string
	internal bool
}

func newIDs(g *ir.RouteGroup, internal bool) ids {
	k := g.Key()
	return ids{toSymbol(k.Namespace), toSymbol(k.Name), internal}
}

func (x ids) id(method string, route, backend int) string {
	return rgRouteID(x.ns, x.name, toSymbol(method), route, backend, x.internal)
}

func rgRouteID(ns, name, sub string, route, backend int, internal bool) string {
	if internal {
		ns = "internal_" + ns
	}
	b := make([]byte, 0, 24+len(ns)+len(name)+len(sub))
	b = append(b, "kube_rg__"...)
	b = append(b, ns...)
	b = append(b, "__"...)
	b = append(b, name...)
	b = append(b, "__"...)
	b = append(b, sub...)
	b = append(b, "__"...)
	b = strconv.AppendInt(b, int64(route), 10)
	b = append(b, '_')
	b = strconv.AppendInt(b, int64(backend), 10)
	return string(b)
}

// catchAllID is the id of a host's catch-all route; the namespace part is
// empty in Skipper.
func catchAllID(host string, internal bool) string {
	return rgRouteID("", toSymbol(host), "catchall", 0, 0, internal)
}

// eastWestID turns kube_... into kubeew_...
func eastWestID(id string) string { return "kubeew" + id[len("kube"):] }
