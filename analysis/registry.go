package analysis

import (
	"sort"
	"sync"

	"github.com/zalando/skipper/filters"
	"github.com/zalando/skipper/filters/apiusagemonitoring"
	"github.com/zalando/skipper/filters/auth"
	"github.com/zalando/skipper/filters/block"
	"github.com/zalando/skipper/filters/builtin"
	"github.com/zalando/skipper/filters/cache"
	logfilter "github.com/zalando/skipper/filters/log"
	ratelimitfilters "github.com/zalando/skipper/filters/ratelimit"
	"github.com/zalando/skipper/filters/shedder"
	teefilters "github.com/zalando/skipper/filters/tee"
	tlsfilters "github.com/zalando/skipper/filters/tls"
	skpnet "github.com/zalando/skipper/net"
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
	"github.com/zalando/skipper/ratelimit"
	"github.com/zalando/skipper/routing"
)

// checkKind says how rgc checks the arguments of a filter or predicate.
type checkKind int

const (
	// create calls the spec's CreateFilter or Create with the arguments,
	// as Skipper's routing does, and closes what it created.
	create checkKind = iota
	// signature checks the number and types of the arguments only:
	// creating the filter would reach the network, read files on the
	// machine that runs rgc or run user code. why says which.
	signature
	// luaScript parses and compiles the script without running it.
	luaScript
	// builtinPredicate is one of the predicates Skipper's routing handles
	// itself (Path, Host, Header, ...): their arguments are checked as
	// routing checks them.
	builtinPredicate
	// unchecked: the spec is not created at all (it needs a registry rgc
	// does not build); only the name is checked.
	unchecked
)

// entry is one filter or predicate Skipper knows.
type entry struct {
	name string
	kind checkKind
	// needs names the Skipper flag without which Skipper does not
	// register the name; empty for names registered by default.
	needs string
	// why explains a check other than create.
	why string
	sig *argSig

	filter    filters.Spec
	predicate routing.PredicateSpec
}

// Registry holds the filters and predicates of a Skipper built with its
// default configuration, plus those that need a flag (entry.needs).
type Registry struct {
	Filters    map[string]*entry
	Predicates map[string]*entry

	filterNames, predicateNames []string
}

var (
	defaultRegistry     *Registry
	defaultRegistryOnce sync.Once
)

// DefaultRegistry returns the registry of Skipper's default configuration.
// It is built once per process: a few specs start a background goroutine
// when they are constructed (the cache filter's HTTP client), as they do
// in Skipper, and building them again for every check would multiply
// those.
func DefaultRegistry() *Registry {
	defaultRegistryOnce.Do(func() { defaultRegistry = newRegistry() })
	return defaultRegistry
}

func newRegistry() *Registry {
	r := &Registry{Filters: map[string]*entry{}, Predicates: map[string]*entry{}}
	for _, s := range builtin.Filters() {
		r.addFilter(s, "")
	}
	for _, s := range skipperFilters() {
		r.addFilter(s, "")
	}
	for _, s := range ratelimitFilters() {
		r.addFilter(s, "-enable-ratelimits")
	}
	for _, c := range conditionalFilters {
		for _, n := range c.names {
			r.Filters[n] = &entry{name: n, kind: unchecked, needs: c.needs, why: c.why}
		}
	}
	for name, o := range filterOverrides {
		e := r.Filters[name]
		e.kind, e.why, e.sig = o.kind, o.why, o.sig
	}
	for _, s := range skipperPredicates() {
		r.Predicates[s.Name()] = &entry{name: s.Name(), predicate: s}
	}
	for _, b := range builtinPredicates {
		r.Predicates[b.name] = &entry{name: b.name, kind: builtinPredicate, sig: b.sig}
	}
	for name, o := range predicateOverrides {
		r.Predicates[name] = &entry{name: name, kind: o.kind, why: o.why, sig: o.sig}
	}
	r.filterNames = sortedKeys(r.Filters)
	r.predicateNames = sortedKeys(r.Predicates)
	return r
}

func (r *Registry) addFilter(s filters.Spec, needs string) {
	r.Filters[s.Name()] = &entry{name: s.Name(), filter: s, needs: needs}
}

// FilterNames and PredicateNames list the known names, sorted.
func (r *Registry) FilterNames() []string { return r.filterNames }

// PredicateNames lists the known predicate names, sorted.
func (r *Registry) PredicateNames() []string { return r.predicateNames }

func sortedKeys(m map[string]*entry) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// skipperFilters are the filters skipper.Run registers besides
// builtin.Filters() with Skipper's default flags (skipper.go, v0.27.54),
// built with the same default settings. The tee filters replace the
// builtin ones of the same name there, as here.
func skipperFilters() []filters.Spec {
	tio := auth.TokenintrospectionOptions{}
	return []filters.Spec{
		teefilters.WithOptions(teefilters.Options{}),
		teefilters.WithOptions(teefilters.Options{NoFollow: true}),
		teefilters.NewTeeResponse(teefilters.Options{}),
		// -max-matcher-buffer-size and -max-audit-body defaults; a small
		// cache budget, since rgc never stores anything in it.
		cache.NewCacheFilter(1<<20, "", skpnet.Options{}),
		logfilter.NewAuditLog(1024),
		block.NewBlock(2097152),
		block.NewBlockHex(2097152),
		auth.NewBearerInjector(noSecrets{}),
		auth.NewSetRequestHeaderFromSecret(noSecrets{}),
		auth.NewJwtValidationWithOptions(tio),
		auth.NewJwtValidationKeys(),
		auth.NewJwtMetrics(),
		auth.TokenintrospectionWithOptions(auth.NewOAuthTokenintrospectionAnyClaims, tio),
		auth.TokenintrospectionWithOptions(auth.NewOAuthTokenintrospectionAllClaims, tio),
		auth.TokenintrospectionWithOptions(auth.NewOAuthTokenintrospectionAnyKV, tio),
		auth.TokenintrospectionWithOptions(auth.NewOAuthTokenintrospectionAllKV, tio),
		auth.TokenintrospectionWithOptions(auth.NewSecureOAuthTokenintrospectionAnyClaims, tio),
		auth.TokenintrospectionWithOptions(auth.NewSecureOAuthTokenintrospectionAllClaims, tio),
		auth.TokenintrospectionWithOptions(auth.NewSecureOAuthTokenintrospectionAnyKV, tio),
		auth.TokenintrospectionWithOptions(auth.NewSecureOAuthTokenintrospectionAllKV, tio),
		auth.WebhookWithOptions(auth.WebhookOptions{}),
		auth.NewOIDCQueryClaimsFilter(),
		// -enable-api-usage-monitoring is off by default: the spec then
		// accepts any arguments.
		apiusagemonitoring.NewApiUsageMonitoring(false, "", "", ""),
		shedder.NewAdmissionControl(shedder.Options{}),
		// Skipper passes the system certificate pool; the arguments do not
		// depend on it.
		tlsfilters.NewMtlsAuthn(nil, nil),
	}
}

// ratelimitFilters are registered with -enable-ratelimits. Their
// CreateFilter only parses the arguments, so a provider without a
// registry is enough to check them.
func ratelimitFilters() []filters.Spec {
	provider := ratelimitfilters.NewRatelimitProvider(nil)
	return []filters.Spec{
		ratelimitfilters.NewFailClosed(),
		ratelimitfilters.NewClientRatelimit(provider),
		ratelimitfilters.NewLocalRatelimit(provider),
		ratelimitfilters.NewRatelimit(provider),
		ratelimitfilters.NewShardedClusterRateLimit(provider, 1),
		ratelimitfilters.NewClusterClientRateLimit(provider),
		ratelimitfilters.NewDisableRatelimit(provider),
		ratelimitfilters.NewBackendRatelimit(),
		// needs a Redis or Valkey swarm besides -enable-ratelimits; an
		// empty registry builds a limiter without connecting anywhere.
		ratelimitfilters.NewClusterLeakyBucketRatelimit(&ratelimit.Registry{}),
	}
}

// conditionalFilters need a Skipper flag and a registry or secrets that
// rgc does not build: only their names are checked.
var conditionalFilters = []struct {
	needs, why string
	names      []string
}{
	{"-oauth2-tokeninfo-url", "creating it starts a token info client", []string{
		"oauthTokeninfoAnyScope", "oauthTokeninfoAllScope", "oauthTokeninfoAnyKV", "oauthTokeninfoAllKV", "oauthTokeninfoValidate"}},
	{"-oidc-secrets-file", "creating it fetches the OpenID configuration", []string{
		"oauthOidcUserInfo", "oauthOidcAnyClaims", "oauthOidcAllClaims"}},
	{"-enable-oauth2-grant-flow", "creating it needs the grant flow configuration", []string{
		"oauthGrant", "grantCallback", "grantClaimsQuery", "grantLogout"}},
	{"-enable-open-policy-agent", "creating it starts an Open Policy Agent instance", []string{
		"opaAuthorizeRequest", "opaAuthorizeRequestWithBody", "opaServeResponse", "opaServeResponseWithReqBody"}},
}

// filterOverrides are the registered filters whose CreateFilter rgc does
// not call, with the reason.
var filterOverrides = map[string]struct {
	kind checkKind
	why  string
	sig  *argSig
}{
	"tee":                                    {signature, "creating it starts an HTTP client for the host", sig("1,3", "s")},
	"teenf":                                  {signature, "creating it starts an HTTP client for the host", sig("1,3", "s")},
	"teeResponse":                            {signature, "creating it starts an HTTP client for the host", sig("1", "s")},
	"jwtValidation":                          {signature, "creating it fetches the issuer's OpenID configuration", sig("1", "s")},
	"oauthTokenintrospectionAnyClaims":       {signature, "creating it fetches the issuer's OpenID configuration", sig("2-", "s")},
	"oauthTokenintrospectionAllClaims":       {signature, "creating it fetches the issuer's OpenID configuration", sig("2-", "s")},
	"oauthTokenintrospectionAnyKV":           {signature, "creating it fetches the issuer's OpenID configuration", sig("2-", "s")},
	"oauthTokenintrospectionAllKV":           {signature, "creating it fetches the issuer's OpenID configuration", sig("2-", "s")},
	"secureOauthTokenintrospectionAnyClaims": {signature, "creating it fetches the issuer's OpenID configuration", sig("4-", "s")},
	"secureOauthTokenintrospectionAllClaims": {signature, "creating it fetches the issuer's OpenID configuration", sig("4-", "s")},
	"secureOauthTokenintrospectionAnyKV":     {signature, "creating it fetches the issuer's OpenID configuration", sig("4-", "s")},
	"secureOauthTokenintrospectionAllKV":     {signature, "creating it fetches the issuer's OpenID configuration", sig("4-", "s")},
	"webhook":                                {signature, "creating it starts an HTTP client", sig("1-2", "s")},
	"jwtValidationKeys":                      {signature, "creating it fetches the key set", sig("1", "s")},
	"basicAuth":                              {signature, "creating it looks for the password file, which is on Skipper's machine", sig("1-2", "s?")},
	"static":                                 {signature, "creating it looks for the directory, which is on Skipper's machine", sig("2", "s")},
	"lua":                                    {luaScript, "creating it runs the script", sig("1-", "s")},
}

// predicateOverrides are the predicates whose spec rgc does not build.
var predicateOverrides = map[string]struct {
	kind checkKind
	why  string
	sig  *argSig
}{
	"Shutdown": {signature, "creating it installs a SIGTERM handler", sig("0", "")},
}

// skipperPredicates are the predicate specs skipper.Run registers
// (skipper.go, v0.27.54), besides the ones routing handles itself.
func skipperPredicates() []routing.PredicateSpec {
	return []routing.PredicateSpec{
		source.New(),
		source.NewFromLast(),
		source.NewClientIP(),
		interval.NewBetween(),
		interval.NewBefore(),
		interval.NewAfter(),
		cron.New(),
		cookie.New(),
		query.New(),
		traffic.New(),
		traffic.NewSegment(),
		primitive.NewTrue(),
		primitive.NewFalse(),
		// primitive.NewShutdown() installs a SIGTERM handler: see
		// predicateOverrides.
		pauth.NewJWTPayloadAllKV(),
		pauth.NewJWTPayloadAnyKV(),
		pauth.NewJWTPayloadAllKVRegexp(),
		pauth.NewJWTPayloadAnyKVRegexp(),
		pauth.NewHeaderSHA256(),
		methods.New(),
		tee.New(),
		forwarded.NewForwardedHost(),
		forwarded.NewForwardedProto(),
		host.NewAny(),
		content.NewContentLengthBetween(),
		skpotel.NewBaggage(),
	}
}

// builtinPredicates are handled by Skipper's routing itself
// (routing/datasource.go): their arguments must be strings (Weight: a
// number), in the number given.
var builtinPredicates = []struct {
	name string
	sig  *argSig
}{
	{"Path", sig("1", "s")},
	{"PathSubtree", sig("1", "s")},
	{"PathRegexp", sig("1", "s")},
	{"Host", sig("1", "s")},
	{"Method", sig("1", "s")},
	{"Header", sig("2", "s")},
	{"HeaderRegexp", sig("2", "s")},
	{"Weight", sig("1", "n")},
}

// noSecrets is a secrets reader without secrets: the filters that read
// secrets look them up when they handle a request, not when created.
type noSecrets struct{}

func (noSecrets) GetSecret(string) ([]byte, bool) { return nil, false }
func (noSecrets) Close()                          {}
