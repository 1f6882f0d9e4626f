package fuzz

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/skipper/eskip"
	"github.com/zalando/skipper/filters"
	"github.com/zalando/skipper/predicates/cookie"
	"github.com/zalando/skipper/predicates/primitive"
	"github.com/zalando/skipper/predicates/query"
	"github.com/zalando/skipper/predicates/traffic"
	"github.com/zalando/skipper/routing"
	"github.com/zalando/skipper/routing/testdataclient"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc/spec/ref"
)

// Property 7: for generated requests, Skipper's routing (in process, over
// rgc's table) picks a route whose group, route entry, backend, filters
// and backend address the reference interpreter (spec/ref) allows; it
// picks none only when the interpreter allows nothing.

func TestRouting(t *testing.T) { check(t, 2000, propRouting) }

func FuzzRouting(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propRouting)) }

// tries is how often each request is routed: Traffic predicates pick at
// random, so each try may pick another backend.
const tries = 4

func propRouting(t *rapid.T) {
	s := genState(t, genConfig{routing: true, minGroups: 1, maxGroups: 3})
	fs := render(s)
	res := compile(t, fs, s.Opts)
	rt, invalid := skipperRouting(res.Routes)
	defer rt.Close()
	if len(invalid) > 0 {
		t.Fatalf("Skipper's routing rejects routes of rgc's table:\n%s\n%s\ninput:\n%s", strings.Join(invalid, "\n"), printTable(res.Routes), dump(fs))
	}
	cluster, opts := refCluster(t, s)
	for i, n := 0, count(t, "requests", 1, 8); i < n; i++ {
		req := genRequest(t, s)
		allowed := ref.Allowed(cluster, opts, req)
		for try := 0; try < tries; try++ {
			// the proxy gives every request a routing context, where
			// TrafficSegment keeps the request's random number
			r, _ := rt.Route(req.WithContext(routing.NewContext(context.Background())))
			if msg := judge(s, r, allowed); msg != "" {
				t.Fatalf("%s %s%s %v: %s\nallowed: %s\ntable:\n%s\ninput:\n%s",
					req.Method, req.Host, req.URL.RequestURI(), req.Header, msg, outcomes(allowed), printTable(res.Routes), dump(fs))
			}
		}
	}
}

// judge returns why Skipper's pick r is not allowed, or "".
func judge(s *state, r *routing.Route, allowed []ref.Outcome) string {
	if r == nil {
		for _, o := range allowed {
			if o.Kind != ref.CatchAll {
				return "Skipper routes nothing"
			}
		}
		return ""
	}
	id := r.Route.Id
	want, ok := outcomeOf(s, id)
	if !ok {
		return "Skipper picks " + id + ", which no route group semantics produce"
	}
	for _, o := range allowed {
		if o.Kind != want.Kind || o.Group != want.Group || o.Route != want.Route || o.Backend != want.Backend ||
			o.Kind == ref.CatchAll && symbol(o.Host) != want.Host {
			continue
		}
		if !sameCalls(r.Route.Filters, o.Filters) {
			return fmt.Sprintf("Skipper picks %s with filters %s, want %s", id, eskip.Print(eskip.PrettyPrintInfo{}, &eskip.Route{Filters: r.Route.Filters}), callText(o.Filters))
		}
		if got := targetOf(&r.Route); !reflect.DeepEqual(got, o.Target) {
			return fmt.Sprintf("Skipper picks %s with backend %+v, want %+v", id, got, o.Target)
		}
		return ""
	}
	if redirectBypassed(s, want, allowed) {
		return ""
	}
	return "Skipper picks " + id + ", which the semantics do not allow for this request"
}

// redirectBypassed: a known deviation of Skipper's table (which rgc
// reproduces) from §8.3, TestKnownBugRedirectBypass. With the
// traffic-predicate algorithm, the redirect copy of a weighted route
// carries the route's Traffic() predicate, so when its coin fails the
// leaf goes on to routes of equal weight — among them the route itself
// (its Header predicate counts as much as the redirect's missing True()).
// A plain HTTP request is then served without the redirect.
func redirectBypassed(s *state, pick ref.Outcome, allowed []ref.Outcome) bool {
	if pick.Kind != ref.RouteOutcome || s.Opts.TrafficSegment {
		return false
	}
	for _, o := range allowed {
		if o.Kind == ref.Redirect && o.Group == pick.Group && o.Route == pick.Route {
			return true
		}
	}
	return false
}

// outcomeOf maps a route id back to the outcome it implements.
func outcomeOf(s *state, id string) (ref.Outcome, bool) {
	if id == "kube__redirect" {
		return ref.Outcome{Kind: ref.GlobalRedirect, Route: -1, Backend: -1}, true
	}
	for _, p := range []string{"kube_rg____", "kube_rg__internal___"} {
		if host, ok := strings.CutSuffix(strings.TrimPrefix(id, p), "__catchall__0_0"); ok && strings.HasPrefix(id, p) {
			for _, g := range s.Groups {
				for _, h := range g.Hosts {
					if symbol(h) == host {
						return ref.Outcome{Kind: ref.CatchAll, Group: g.id(), Route: -1, Backend: -1, Host: host}, true
					}
				}
			}
			return ref.Outcome{}, false
		}
	}
	m := rgID.FindStringSubmatch(id)
	if m == nil {
		return ref.Outcome{}, false
	}
	for _, g := range s.Groups {
		if g.ns() != m[3] || g.Name != m[4] {
			continue
		}
		o := ref.Outcome{Kind: ref.RouteOutcome, Group: g.id()}
		o.Route, _ = strconv.Atoi(m[6])
		o.Backend, _ = strconv.Atoi(m[7])
		if len(g.Routes) == 0 {
			o.Route = -1
		}
		if m[8] != "" {
			o.Kind = ref.Redirect
		}
		return o, true
	}
	return ref.Outcome{}, false
}

func sameCalls(fs []*eskip.Filter, cs []ref.Call) bool {
	if len(fs) != len(cs) {
		return false
	}
	for i, f := range fs {
		if f.Name != cs[i].Name || len(f.Args) != len(cs[i].Args) {
			return false
		}
		for j, a := range f.Args {
			if a != cs[i].Args[j] {
				return false
			}
		}
	}
	return true
}

func callText(cs []ref.Call) string {
	fs := make([]*eskip.Filter, len(cs))
	for i, c := range cs {
		fs[i] = &eskip.Filter{Name: c.Name, Args: c.Args}
	}
	return eskip.Print(eskip.PrettyPrintInfo{}, &eskip.Route{Filters: fs})
}

func outcomes(os []ref.Outcome) string {
	var b strings.Builder
	for _, o := range os {
		fmt.Fprintf(&b, "\n  %s %s route %d backend %d %s %s -> %+v", o.Kind, o.Group, o.Route, o.Backend, o.Host, callText(o.Filters), o.Target)
	}
	return b.String()
}

func targetOf(r *eskip.Route) ref.Target {
	switch r.BackendType {
	case eskip.ShuntBackend:
		return ref.Target{Type: "shunt"}
	case eskip.LoopBackend:
		return ref.Target{Type: "loopback"}
	case eskip.DynamicBackend:
		return ref.Target{Type: "dynamic"}
	case eskip.LBBackend:
		var eps []string
		for _, ep := range r.LBEndpoints {
			eps = append(eps, ep.Address)
		}
		sort.Strings(eps)
		return ref.Target{Type: "lb", Endpoints: eps, Algorithm: r.LBAlgorithm}
	}
	return ref.Target{Type: "network", Address: r.Backend}
}

// noop is a filter spec that accepts any arguments: the property is about
// matching, and Skipper's filter argument checks are not RouteGroup
// semantics.
type noop string

func (n noop) Name() string                                                { return string(n) }
func (n noop) CreateFilter([]any) (filters.Filter, error)                  { return n, nil }
func (noop) Request(filters.FilterContext)                                 {}
func (noop) Response(filters.FilterContext)                                {}
func (l *routingLog) Errorf(f string, a ...any)                            { l.add(fmt.Sprintf(f, a...)) }
func (l *routingLog) Error(a ...any)                                       { l.add(fmt.Sprint(a...)) }
func (*routingLog) Warn(...any)                                            {}
func (*routingLog) Warnf(string, ...any)                                   {}
func (*routingLog) Info(...any)                                            {}
func (*routingLog) Infof(string, ...any)                                   {}
func (*routingLog) Debug(...any)                                           {}
func (*routingLog) Debugf(string, ...any)                                  {}
func (l *routingLog) add(s string)                                         { l.mu.Lock(); l.errors = append(l.errors, s); l.mu.Unlock() }
func (l *routingLog) list() []string                                       { l.mu.Lock(); defer l.mu.Unlock(); return l.errors }
func (c closer) Close()                                                    { c.rt.Close(); c.dc.Close() }
func (c closer) Route(r *http.Request) (*routing.Route, map[string]string) { return c.rt.Route(r) }

type routingLog struct {
	mu     sync.Mutex
	errors []string
}

type closer struct {
	rt *routing.Routing
	dc *testdataclient.Client
}

// skipperRouting loads routes into Skipper's routing, with the predicates
// route groups use, and returns it with the errors it logged (routes it
// rejects).
func skipperRouting(routes []*eskip.Route) (closer, []string) {
	reg := filters.Registry{}
	for _, r := range routes {
		for _, f := range r.Filters {
			reg[f.Name] = noop(f.Name)
		}
	}
	log := &routingLog{}
	dc := testdataclient.New(routes)
	rt := routing.New(routing.Options{
		DataClients:    []routing.DataClient{dc},
		FilterRegistry: reg,
		Predicates: []routing.PredicateSpec{
			traffic.New(), traffic.NewSegment(), primitive.NewTrue(), cookie.New(), query.New(),
		},
		PollTimeout:     time.Hour,
		SignalFirstLoad: true,
		Log:             log,
	})
	<-rt.FirstLoad()
	return closer{rt, dc}, log.list()
}
