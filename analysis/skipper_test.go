package analysis_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/skipper/filters"
	"github.com/zalando/skipper/filters/auth"
	"github.com/zalando/skipper/filters/builtin"
	ratelimitfilters "github.com/zalando/skipper/filters/ratelimit"
	pauth "github.com/zalando/skipper/predicates/auth"
	"github.com/zalando/skipper/predicates/content"
	"github.com/zalando/skipper/predicates/cookie"
	"github.com/zalando/skipper/predicates/cron"
	"github.com/zalando/skipper/predicates/forwarded"
	"github.com/zalando/skipper/predicates/host"
	"github.com/zalando/skipper/predicates/interval"
	"github.com/zalando/skipper/predicates/methods"
	skpotel "github.com/zalando/skipper/predicates/otel"
	"github.com/zalando/skipper/predicates/primitive"
	"github.com/zalando/skipper/predicates/query"
	"github.com/zalando/skipper/predicates/source"
	"github.com/zalando/skipper/predicates/tee"
	"github.com/zalando/skipper/predicates/traffic"
	"github.com/zalando/skipper/routing"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/analysis"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/fixtures"
)

// TestSkipperFixturesRouting runs Skipper's own routing over the routes of
// every RouteGroup fixture set in Skipper's module, as the oracle: each
// route that routing.ValidateRoute rejects for a filter or predicate is
// dropped by Skipper at run time, and rgc check must report an error for
// its group (RG5xx). The other way round, a registry error rgc reports for
// a group must come with a route of that group that Skipper rejects.
//
// The oracle is built from Skipper's packages here, not from rgc's
// registry: the default filters and predicates, plus the rate limit and
// token info filters the fixtures use (as if Skipper ran with
// -enable-ratelimits and -oauth2-tokeninfo-url).
func TestSkipperFixturesRouting(t *testing.T) {
	root, err := fixtures.Root()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := fixtures.Sets(root)
	if err != nil {
		t.Fatal(err)
	}
	ro := oracleOptions()
	var rejected, sets0 int // groups with a rejected route; fixture sets
	for _, fx := range sets {
		if fx.YAML == "" || fx.API != "" || strings.HasPrefix(fx.Name, "with-ingress/") {
			continue
		}
		sets0++
		t.Run(fx.Name, func(t *testing.T) { rejected += checkFixture(t, fx, ro) })
	}
	if rejected == 0 {
		t.Errorf("Skipper's routing rejected no route of %d fixture sets; the test proves nothing", sets0)
	}
	t.Logf("%d fixture sets, %d groups with a route Skipper's routing rejects, each reported", sets0, rejected)
}

func checkFixture(t *testing.T, fx fixtures.Set, ro *routing.Options) int {
	k, err := fixtures.ReadKube(fx.Kube)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := k.Options()
	if err != nil {
		t.Fatal(err)
	}
	if opts.DefaultFiltersDir, err = fixtures.DefaultFiltersDir(fx, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	opts.Analyzer = analysis.New(analysis.Options{Registry: true})
	b, err := os.ReadFile(fx.YAML)
	if err != nil {
		t.Fatal(err)
	}
	res, err := rgc.Compile(opts, rgc.Input{Name: filepath.Base(fx.YAML), Content: b})
	if err != nil {
		t.Fatal(err)
	}
	dropped := map[string]string{} // group -> Skipper's error
	for _, g := range res.Groups {
		for _, r := range g.Routes {
			if err := routing.ValidateRoute(ro, r); err != nil && filterOrPredicate(err) {
				dropped[g.ID] = r.Id + ": " + err.Error()
			}
		}
	}
	reported := map[string]bool{}
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error && d.Code >= "RG500" && d.Code < "RG600" {
			reported[d.Group] = true
		}
	}
	for _, g := range sortedKeys(dropped) {
		if !reported[g] {
			t.Errorf("Skipper's routing drops a route of %s (%s), but rgc reports no registry error for it", g, dropped[g])
		}
	}
	for _, g := range sortedKeys(reported) {
		if _, ok := dropped[g]; !ok && hasRoutes(res, g) {
			t.Errorf("rgc reports a registry error for %s, but Skipper's routing accepts all its routes", g)
		}
	}
	for _, g := range sortedKeys(dropped) {
		t.Logf("Skipper drops a route of %s: %s", g, dropped[g])
	}
	if t.Failed() {
		for _, d := range res.Diagnostics {
			t.Log(d.Text())
		}
	}
	return len(dropped)
}

// filterOrPredicate tells routing's errors about filters and predicates
// from others (a backend address that does not parse).
func filterOrPredicate(err error) bool {
	s := err.Error()
	return strings.Contains(s, "filter") || strings.Contains(s, "predicate") ||
		strings.Contains(s, "tree predicates") || strings.Contains(s, "expected argument")
}

func hasRoutes(res *rgc.Result, group string) bool {
	for _, g := range res.Groups {
		if g.ID == group {
			return len(g.Routes) > 0
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// oracleOptions are routing options with Skipper's registries.
func oracleOptions() *routing.Options {
	reg := filters.Registry{}
	for _, s := range builtin.Filters() {
		reg.Register(s)
	}
	provider := ratelimitfilters.NewRatelimitProvider(nil)
	tio := auth.TokeninfoOptions{URL: "http://127.0.0.1:9/tokeninfo"}
	for _, s := range []filters.Spec{
		ratelimitfilters.NewClientRatelimit(provider),
		ratelimitfilters.NewLocalRatelimit(provider),
		ratelimitfilters.NewRatelimit(provider),
		ratelimitfilters.NewShardedClusterRateLimit(provider, 1),
		ratelimitfilters.NewClusterClientRateLimit(provider),
		ratelimitfilters.NewDisableRatelimit(provider),
		auth.NewOAuthTokeninfoAllScopeWithOptions(tio),
		auth.NewOAuthTokeninfoAnyScopeWithOptions(tio),
		auth.NewOAuthTokeninfoAllKVWithOptions(tio),
		auth.NewOAuthTokeninfoAnyKVWithOptions(tio),
	} {
		reg.Register(s)
	}
	return &routing.Options{FilterRegistry: reg, Predicates: []routing.PredicateSpec{
		source.New(), source.NewFromLast(), source.NewClientIP(),
		interval.NewBetween(), interval.NewBefore(), interval.NewAfter(),
		cron.New(), cookie.New(), query.New(), traffic.New(), traffic.NewSegment(),
		primitive.NewTrue(), primitive.NewFalse(),
		pauth.NewJWTPayloadAllKV(), pauth.NewJWTPayloadAnyKV(), pauth.NewJWTPayloadAllKVRegexp(), pauth.NewJWTPayloadAnyKVRegexp(),
		pauth.NewHeaderSHA256(), methods.New(), tee.New(),
		forwarded.NewForwardedHost(), forwarded.NewForwardedProto(), host.NewAny(),
		content.NewContentLengthBetween(), skpotel.NewBaggage(),
	}}
}
