package fuzz

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/zalando/skipper/eskip"
	"pgregory.net/rapid"

	"github.com/rgc-dev/rgc/spec/ref"
)

// genRequest draws a request aimed at the state: one of its hosts (with
// or without a trailing dot or port), east-west names, or another host;
// paths near its routes' paths; headers, cookies and query parameters
// that its predicates look at.
func genRequest(t *rapid.T, s *state) *http.Request {
	hosts := []string{"other.example.org"}
	domain := strings.Trim(s.Opts.EastWestDomain, ".")
	if s.Opts.EastWestDomain == "" {
		domain = "skipper.cluster.local"
	}
	var ps []string
	for _, g := range s.Groups {
		hosts = append(hosts, g.Hosts...)
		hosts = append(hosts, g.Name+"."+g.ns()+"."+domain)
		for _, r := range g.Routes {
			ps = append(ps, r.Path, r.PathSubtree)
		}
	}
	host := pick(t, "host", hosts...) + pick(t, "hostSuffix", "", ".", ":8080", ":x")
	path := pick(t, "path", append(append([]string(nil), paths...), ps...)...)
	if path == "" {
		path = "/"
	}
	path = strings.TrimSuffix(path, "/") + pick(t, "pathSuffix", "", "/", "/x", "x", "/v1/item.json", "/shop/abc", "//y", "/./z")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	q := url.Values{}
	if chance(t, "debug", 30) {
		q.Set("debug", "1")
	}
	if chance(t, "v", 30) {
		q.Set("v", pick(t, "vValue", "12", "x"))
	}
	u := "http://example.org" + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req := httptest.NewRequest(pick(t, "method", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"), u, nil)
	req.Host = host
	for _, h := range []struct{ name, label string }{{"X-Test", "xTest"}, {"User-Agent", "userAgent"}, {"X-Forwarded-Proto", "proto"}} {
		if chance(t, h.label, 50) {
			req.Header.Set(h.name, pick(t, h.label+"Value", map[string][]string{
				"X-Test": {"a", "b"}, "User-Agent": {"Chrome/120", "curl/8"}, "X-Forwarded-Proto": {"http", "https"},
			}[h.name]...))
		}
	}
	if chance(t, "cookie", 30) {
		req.AddCookie(&http.Cookie{Name: "flag", Value: pick(t, "cookieValue", "on", "off")})
	}
	return req
}

// refCluster converts the model for the reference interpreter.
func refCluster(t *rapid.T, s *state) (*ref.Cluster, ref.Options) {
	o := ref.Options{
		EastWest: s.Opts.EastWest, EastWestDomain: s.Opts.EastWestDomain, RangeDomains: s.Opts.RangeDomains,
		HTTPSRedirect: s.Opts.HTTPSRedirect, RedirectCode: s.Opts.RedirectCode, DisableCatchAll: s.Opts.DisableCatchAll,
		TracingTag: s.Opts.TracingTag, DefaultLB: s.Opts.DefaultLB, ForwardURL: s.Opts.ForwardURL,
	}
	c := &ref.Cluster{}
	for _, g := range s.Groups {
		rg := &ref.Group{Namespace: g.Namespace, Name: g.Name, Annotations: map[string]string{}, Hosts: g.Hosts, DefaultBackends: refRefs(g.Defaults)}
		for _, a := range g.Annotations {
			rg.Annotations[a.K] = a.V
		}
		for _, b := range g.Backends {
			rg.Backends = append(rg.Backends, &ref.Backend{Name: b.Name, Type: b.Type, Address: b.Address,
				ServiceName: b.ServiceName, ServicePort: b.ServicePort, Algorithm: b.Algorithm, Endpoints: b.Endpoints})
		}
		for _, r := range g.Routes {
			rr := &ref.Route{Path: r.Path, PathSubtree: r.PathSubtree, PathRegexp: r.PathRegexp, Methods: r.Methods, Backends: refRefs(r.Backends)}
			for _, p := range r.Predicates {
				ps, err := eskip.ParsePredicates(p)
				if err != nil {
					t.Fatalf("routing states hold valid predicates: %q: %v", p, err)
				}
				for _, x := range ps {
					rr.Predicates = append(rr.Predicates, ref.Call{Name: x.Name, Args: x.Args})
				}
			}
			for _, f := range r.Filters {
				fs, err := eskip.ParseFilters(f)
				if err != nil {
					t.Fatalf("routing states hold valid filters: %q: %v", f, err)
				}
				for _, x := range fs {
					rr.Filters = append(rr.Filters, ref.Call{Name: x.Name, Args: x.Args})
				}
			}
			rg.Routes = append(rg.Routes, rr)
		}
		c.Groups = append(c.Groups, rg)
	}
	for _, x := range s.Services {
		rs := &ref.Service{Namespace: x.Namespace, Name: x.Name, Type: x.Type}
		for _, p := range x.Ports {
			rp := ref.ServicePort{Name: p.Name, Port: p.Port}
			if p.Target != nil {
				rp.TargetPort = &ref.PortRef{Number: p.Target.Int, Name: p.Target.Str}
			}
			rs.Ports = append(rs.Ports, rp)
		}
		c.Services = append(c.Services, rs)
	}
	for _, x := range s.Endpoints {
		re := &ref.Endpoints{Namespace: x.Namespace, Name: x.Name}
		for _, ss := range x.Subsets {
			rs := ref.Subset{Addresses: ss.Addresses}
			for _, p := range ss.Ports {
				rs.Ports = append(rs.Ports, ref.EndpointPort{Name: p.Name, Port: p.Port})
			}
			re.Subsets = append(re.Subsets, rs)
		}
		c.Endpoints = append(c.Endpoints, re)
	}
	return c, o
}

func refRefs(rs []backendRef) []ref.Ref {
	var out []ref.Ref
	for _, r := range rs {
		out = append(out, ref.Ref{Name: r.Name, Weight: r.Weight})
	}
	return out
}
