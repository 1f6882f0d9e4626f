package cli

import "flag"

// Skipper flags that do not take part in route group conversion. Operators
// pass rgc the command line or config file of their Skipper deployment, so
// rgc accepts the common ones and ignores them; any other flag is a usage
// error, so that a typo in a conversion flag is never dropped silently.
var (
	// ignoredBoolFlags are boolean flags: they take no value argument.
	ignoredBoolFlags = []string{
		"access-log-disabled",
		"access-log-json-enabled",
		"application-log-json-enabled",
		"enable-api-usage-monitoring",
		"enable-connection-metrics",
		"enable-dualstack-backend",
		"enable-kubernetes-external-names", // Ingress only
		"enable-oauth2-grant-flow",
		"enable-profile",
		"enable-prometheus-metrics",
		"enable-ratelimits",
		"enable-route-lifo-metrics",
		"enable-swarm",
		"enable-tcp-queue",
		"experimental-upgrade",
		"insecure",
		"kubernetes-enable-tls",
		"kubernetes-external-name-preserve-host", // Ingress only
		"kubernetes-force-service",               // Ingress only
		"normalize-host",
		"proxy-preserve-host",
		"serve-host-counter",
		"serve-host-metrics",
		"serve-route-counter",
		"serve-route-metrics",
		"wait-first-route-load",
	}
	// ignoredValueFlags take a value, which rgc does not check.
	ignoredValueFlags = []string{
		"address",
		"application-log-level",
		"close-idle-conns-period",
		"debug-listener",
		"etcd-urls",
		"expect-continue-timeout-backend",
		"histogram-metric-buckets",
		"idle-timeout-server",
		"inline-routes",
		"keepalive-backend",
		"kubernetes-ingress-class", // Ingress only
		"kubernetes-path-mode",     // Ingress only
		"kubernetes-redis-service-name",
		"kubernetes-redis-service-namespace",
		"kubernetes-redis-service-port",
		"kubernetes-status-from-service",
		"kubernetes-valkey-service-name",
		"kubernetes-valkey-service-namespace",
		"kubernetes-valkey-service-port",
		"lb-healthcheck-interval",
		"max-idle-connection-backend",
		"max-loopbacks",
		"max-tcp-listener-concurrency",
		"max-tcp-listener-queue",
		"metrics-flavour",
		"opentracing",
		"read-timeout-server",
		"response-header-timeout-backend",
		"routes-file",
		"routes-urls",
		"source-poll-timeout",
		"support-listener",
		"timeout-backend",
		"tls-min-version",
		"wait-for-healthcheck-interval",
		"write-timeout-server",
	}
)

// unsupportedFlags change the routes Skipper builds from route groups in a
// way rgc does not model. rgc rejects them on the command line rather than
// print a table that silently differs from Skipper's, and warns about them
// in a -config file, which is usually a whole Skipper deployment's.
var unsupportedFlags = map[string]string{
	"whitelisted-healthcheck-cidr": "it adds Source ranges to the healthcheck routes",
	"reverse-source-predicate":     "it makes the healthcheck routes use SourceFromLast",
	"default-filters-prepend":      "it edits every route after the Kubernetes data client built it",
	"default-filters-append":       "it edits every route after the Kubernetes data client built it",
	"edit-route":                   "it edits every route after the Kubernetes data client built it",
	"clone-route":                  "it edits every route after the Kubernetes data client built it",
}

// unsupportedBool lists the boolean ones among unsupportedFlags.
var unsupportedBool = map[string]bool{"reverse-source-predicate": true}

// registerSkipperFlags registers the ignored and the unsupported Skipper
// flags on fs, so that parsing accepts them; the caller rejects the
// unsupported ones that were set, with the reason.
func registerSkipperFlags(fs *flag.FlagSet) {
	for _, n := range ignoredBoolFlags {
		fs.Bool(n, false, "ignored")
	}
	for _, n := range ignoredValueFlags {
		fs.String(n, "", "ignored")
	}
	for n := range unsupportedFlags {
		if unsupportedBool[n] {
			fs.Bool(n, false, "unsupported")
		} else {
			fs.String(n, "", "unsupported")
		}
	}
}
