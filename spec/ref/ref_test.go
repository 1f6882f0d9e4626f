package ref

import (
	"net/http/httptest"
	"reflect"
	"testing"
)

func TestHostMatch(t *testing.T) {
	for _, c := range []struct {
		host, req string
		want      bool
	}{
		{"a.example.org", "a.example.org", true},
		{"a.example.org", "a.example.org.", true},
		{"a.example.org", "a.example.org:8080", true},
		{"a.example.org", "a.example.org.:8080", true},
		{"a.example.org", "a.example.org:x", false},
		{"a.example.org", "b.a.example.org", false},
		{"a.example.org", "A.example.org", false},
	} {
		if got := hostMatch(c.host, c.req); got != c.want {
			t.Errorf("hostMatch(%q, %q) = %v", c.host, c.req, got)
		}
	}
}

func TestPaths(t *testing.T) {
	for _, c := range []struct {
		root, path string
		want       bool
	}{
		{"/", "/", true}, {"/", "/x", true}, {"/api", "/api", true}, {"/api", "/api/", true},
		{"/api", "/api/x", true}, {"/api", "/apix", false}, {"/api/", "/api", true},
	} {
		if got := inSubtree(c.root, c.path); got != c.want {
			t.Errorf("inSubtree(%q, %q) = %v", c.root, c.path, got)
		}
	}
	for in, want := range map[string]string{"": "/", "//y": "/y", "/a/./b/": "/a/b/", "/a/../b": "/b", "/": "/"} {
		if got := cleanPath(in); got != want {
			t.Errorf("cleanPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShares(t *testing.T) {
	if got := Shares([]Ref{{Weight: 0}, {Weight: 0}}); !reflect.DeepEqual(got, []float64{0.5, 0.5}) {
		t.Errorf("no weights: %v", got)
	}
	if got := Shares([]Ref{{Weight: 1}, {Weight: 0}, {Weight: 3}}); !reflect.DeepEqual(got, []float64{0.25, 0, 0.75}) {
		t.Errorf("weights: %v", got)
	}
}

// TestAllowed: one case per kind of outcome.
func TestAllowed(t *testing.T) {
	c := &Cluster{
		Groups: []*Group{{
			Name: "app", Hosts: []string{"a.example.org"},
			Backends: []*Backend{{Name: "b", ServiceName: "svc", ServicePort: 80}, {Name: "s", Type: "shunt"}},
			Routes: []*Route{
				{PathSubtree: "/api", Backends: []Ref{{Name: "b"}}},
				{Path: "/s", Methods: []string{"get"}, Backends: []Ref{{Name: "s", Weight: 1}, {Name: "b", Weight: 0}}},
			},
		}},
		Services:  []*Service{{Name: "svc", Ports: []ServicePort{{Port: 80, TargetPort: &PortRef{Name: "http"}}}}},
		Endpoints: []*Endpoints{{Name: "svc", Subsets: []Subset{{Addresses: []string{"10.0.0.2", "10.0.0.1"}, Ports: []EndpointPort{{Name: "http", Port: 8080}}}}}},
	}
	req := httptest.NewRequest("GET", "http://x/api/v1", nil)
	req.Host = "a.example.org:443"
	got := Allowed(c, Options{EastWest: true}, req)
	want := []Outcome{
		{Kind: CatchAll, Group: "default/app", Route: -1, Backend: -1, Host: "a.example.org", Target: Target{Type: "shunt"}},
		{Kind: RouteOutcome, Group: "default/app", Route: 0, Backend: 0,
			Target: Target{Type: "lb", Endpoints: []string{"http://10.0.0.1:8080", "http://10.0.0.2:8080"}, Algorithm: "roundRobin"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	req = httptest.NewRequest("GET", "http://x/s", nil)
	req.Host = "app.default.skipper.cluster.local"
	req.Header.Set("X-Forwarded-Proto", "http")
	got = Allowed(c, Options{EastWest: true, HTTPSRedirect: true}, req)
	want = []Outcome{
		{Kind: GlobalRedirect, Route: -1, Backend: -1, Filters: []Call{{Name: "redirectTo", Args: []any{308.0, "https:"}}}, Target: Target{Type: "shunt"}},
		{Kind: RouteOutcome, Group: "default/app", Route: 1, Backend: 0, Target: Target{Type: "shunt"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("east-west, no redirect: got %+v\nwant %+v", got, want)
	}
}
