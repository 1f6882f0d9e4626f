package fuzz

import (
	"bytes"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"sort"
	"testing"

	log "github.com/sirupsen/logrus"
	"github.com/zalando/skipper/dataclients/kubernetes"
	"github.com/zalando/skipper/dataclients/kubernetes/kubernetestest"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
)

// Skipper logs through logrus' global logger; the oracle captures what it
// logs for one conversion and otherwise keeps it quiet. The level stays at
// Info: Skipper's health check routes depend on it.
func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	os.Exit(m.Run())
}

// skipperTable converts the files with Skipper's own Kubernetes data
// client, through its fake API server, as Skipper's fixture tests do. It
// returns the routes, with LB endpoint zones stripped as Skipper's fixture
// harness strips them, and what Skipper logged.
func skipperTable(fs []file, o convOptions) ([]*eskip.Route, string, error) {
	api, err := kubernetestest.NewAPI(kubernetestest.TestAPIOptions{}, readers(fs)...)
	if err != nil {
		return nil, "", fmt.Errorf("fake API: %w", err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	var logs bytes.Buffer
	log.SetOutput(&logs)
	defer log.SetOutput(io.Discard)
	o, cleanup, err := o.writeFilters()
	if err != nil {
		return nil, "", err
	}
	defer cleanup()
	c, err := kubernetes.New(o.kubernetes(srv.URL))
	if err != nil {
		return nil, logs.String(), err
	}
	defer c.Close()
	routes, err := c.LoadAll()
	if err != nil {
		return nil, logs.String(), err
	}
	stripZones(routes)
	return routes, logs.String(), nil
}

func stripZones(routes []*eskip.Route) {
	for _, r := range routes {
		for i, ep := range r.LBEndpoints {
			r.LBEndpoints[i] = &eskip.LBEndpoint{Address: ep.Address}
		}
	}
}

// compile runs rgc on the rendered files; an error return is a bug.
func compile(t tb, fs []file, o convOptions) *rgc.Result {
	t.Helper()
	o, cleanup, err := o.writeFilters()
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer cleanup()
	res, err := rgc.Compile(o.rgc(), inputs(fs)...)
	if err != nil {
		t.Fatalf("rgc failed: %v\n%s", err, dump(fs))
	}
	return res
}

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// printTable prints routes sorted by id, for diffs in failure messages.
func printTable(rs []*eskip.Route) string {
	c := eskip.CanonicalList(rs)
	sort.SliceStable(c, func(i, j int) bool { return c[i].Id < c[j].Id })
	return eskip.Print(eskip.PrettyPrintInfo{Pretty: false}, c...)
}

// tableDiff lists the routes only in a, only in b, and those with the same
// id that differ.
func tableDiff(a, b []*eskip.Route) string {
	byID := func(rs []*eskip.Route) map[string]*eskip.Route {
		m := map[string]*eskip.Route{}
		for _, r := range rs {
			m[r.Id] = r
		}
		return m
	}
	am, bm := byID(a), byID(b)
	var ids []string
	for id := range am {
		ids = append(ids, id)
	}
	for id := range bm {
		if _, ok := am[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out bytes.Buffer
	for _, id := range ids {
		ra, rb := am[id], bm[id]
		switch {
		case rb == nil:
			fmt.Fprintf(&out, "- %s\n", printTable([]*eskip.Route{ra}))
		case ra == nil:
			fmt.Fprintf(&out, "+ %s\n", printTable([]*eskip.Route{rb}))
		case !eskip.Eq(ra, rb):
			fmt.Fprintf(&out, "- %s\n+ %s\n", printTable([]*eskip.Route{ra}), printTable([]*eskip.Route{rb}))
		}
	}
	return out.String()
}

func diagText(res *rgc.Result) string {
	var b bytes.Buffer
	for _, d := range res.Diagnostics {
		b.WriteString(d.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// eqTables is eskip.EqLists on routes whose predicates are first put in a
// total order: eskip's canonical form sorts predicates by name only, with
// an unstable sort, and turns Header predicates parsed from text into a
// map, so two Header predicates can compare in either order.
func eqTables(a, b []*eskip.Route) bool {
	return eskip.EqLists(normalize(a), normalize(b))
}

func normalize(rs []*eskip.Route) []*eskip.Route {
	out := make([]*eskip.Route, len(rs))
	for i, r := range rs {
		c := eskip.Canonical(r)
		ps := append([]*eskip.Predicate(nil), c.Predicates...)
		sort.SliceStable(ps, func(i, j int) bool {
			if ps[i].Name != ps[j].Name {
				return ps[i].Name < ps[j].Name
			}
			return fmt.Sprint(ps[i].Args...) < fmt.Sprint(ps[j].Args...)
		})
		c.Predicates = ps
		out[i] = c
	}
	return out
}
