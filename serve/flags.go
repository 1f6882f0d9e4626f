package serve

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/zalando/skipper"
	"github.com/zalando/skipper/config"

	"github.com/rgc-dev/rgc"
)

// FlagNames are the Skipper flags rgc serve accepts, with Skipper's own
// names, value syntax and help texts (skipper/config v0.27.54), in -help
// order. Flags that add route sources (-routes-file, -kubernetes, ...)
// are not among them: the compiled route groups are the only source.
var FlagNames = []string{
	"address",
	"support-listener",
	"debug-listener",
	"access-log-disabled",
	"access-log-json-enabled",
	"application-log-level",
	"application-log-prefix",
	"application-log-json-enabled",
	"metrics-flavour",
	"enable-prometheus-metrics",
	"source-poll-timeout",
	"wait-for-healthcheck-interval",
	"read-timeout-server",
	"read-header-timeout-server",
	"write-timeout-server",
	"idle-timeout-server",
	"max-header-bytes",
	"timeout-backend",
	"response-header-timeout-backend",
	"keepalive-backend",
	"tls-timeout-backend",
	"expect-continue-timeout-backend",
	"max-idle-connection-backend",
	"close-idle-conns-period",
	"insecure",
	"proxy-preserve-host",
	"remove-hop-headers",
	"ignore-trailing-slash",
	"normalize-host",
	"default-http-status",
	"max-loopbacks",
	"experimental-upgrade",
	"enable-ratelimits",
	"enable-lua",
	"lua-modules",
	"lua-sources",
}

// rgc's defaults where they differ from Skipper's: a proxy on a laptop or
// in CI should stop at once on Ctrl-C (Skipper waits 45s for its load
// balancer), and serve a changed file within a fraction of a second
// (Skipper polls every 3s; polling rgc's table in memory is cheap).
const (
	defaultSourcePollTimeout  = 100 // ms
	defaultWaitForHealthcheck = 0
)

// usageNotes amend Skipper's help texts where rgc serve differs.
var usageNotes = map[string]string{
	"enable-lua":  ". rgc serve: implied by -lua-sources, and an error without it",
	"lua-sources": ` rgc serve: "" means none; the lua filter is enabled only by an explicit list of sources.`,
}

// OwnFlagNames are rgc serve's own flags.
var OwnFlagNames = []string{"routes-listener", "routes-token-file", "status-file-paths", "accept-empty-input", "watch"}

// Flags are rgc serve's flags: Skipper's proxy flags bound to a Skipper
// configuration, and rgc's own.
type Flags struct {
	cfg            *config.Config
	routesListener string
	tokenFile      string
	statusPaths    bool
	acceptEmpty    bool
	watch          bool
}

// RegisterFlags registers OwnFlagNames and FlagNames on fs, the latter
// with Skipper's defaults except for -source-poll-timeout (100ms) and
// -wait-for-healthcheck-interval (0).
func RegisterFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{}
	fs.StringVar(&f.routesListener, "routes-listener", "", "serve the routing table to other Skippers on this `address` (GET /routes and /health, as Skipper's route server) and rgc's status (GET /status); empty: none")
	fs.StringVar(&f.tokenFile, "routes-token-file", "", "require the token in this `file` on the route server's /routes and /status (Authorization: Bearer TOKEN, or -routes-urls=http://rgc:TOKEN@host:port/routes); empty: none")
	fs.BoolVar(&f.statusPaths, "status-file-paths", false, "show input files on /status as read; by default relative to the path named on the command line")
	fs.BoolVar(&f.acceptEmpty, "accept-empty-input", false, "serve an empty table when the input holds no route groups; by default the table stays as it was, as Skipper's route server ignores an empty route set")
	fs.BoolVar(&f.watch, "watch", true, "recompile when the input changes")
	cfg := config.NewConfig()
	cfg.SourcePollTimeout = defaultSourcePollTimeout
	cfg.WaitForHealthcheckInterval = defaultWaitForHealthcheck
	for _, n := range FlagNames {
		sf := cfg.Flags.Lookup(n)
		if sf == nil {
			panic("proxy: skipper has no flag -" + n)
		}
		fs.Var(sf.Value, sf.Name, sf.Usage+usageNotes[n])
	}
	f.cfg = cfg
	return f
}

// Config returns the configuration of a Server on paths, with the flags'
// settings and the conversion options opts.
func (f *Flags) Config(paths []string, opts rgc.Options) (Config, error) {
	o, err := f.Options()
	if err != nil {
		return Config{}, err
	}
	cfg := Config{Paths: paths, Compile: opts, Skipper: o, RoutesListener: f.routesListener, Watch: f.watch,
		LogLevel: f.cfg.ApplicationLogLevelString, AcceptEmpty: f.acceptEmpty, StatusPaths: f.statusPaths}
	if f.tokenFile != "" {
		b, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return Config{}, fmt.Errorf("-routes-token-file: %w", err)
		}
		if cfg.RoutesToken = strings.TrimSpace(string(b)); cfg.RoutesToken == "" {
			return Config{}, fmt.Errorf("-routes-token-file: %s is empty", f.tokenFile)
		}
	}
	return cfg, nil
}

// Options validates the Skipper flags as Skipper does and returns the
// proxy's options: those of a stock Skipper with the same flags, except
// that
//   - the lua filter, which runs scripts from the routes and which a stock
//     Skipper allows from files and inline, is enabled only by an explicit
//     -lua-sources (file, inline or file,inline; -enable-lua is implied);
//     -enable-lua without it is an error. Otherwise every route that uses
//     lua is rejected, as with -lua-sources=none;
//   - an empty -support-listener disables the support listener (Skipper
//     falls back to -metrics-listener, :9911).
func (f *Flags) Options() (skipper.Options, error) {
	c := f.cfg
	if err := c.ParseArgs("rgc serve", nil); err != nil {
		return skipper.Options{}, err
	}
	o := c.ToOptions()
	o.MetricsListener = ""
	switch {
	case len(o.LuaSources) == 0 && o.EnableLua:
		return o, errors.New("-enable-lua needs -lua-sources: rgc serve enables the lua filter only for the sources given (file, inline or file,inline)")
	case len(o.LuaSources) == 0, slices.Contains(o.LuaSources, "none"):
		o.LuaSources = []string{"none"}
	default:
		for _, s := range o.LuaSources {
			if s != "file" && s != "inline" {
				return o, fmt.Errorf("invalid value %q for flag -lua-sources: want file, inline, file,inline or none", s)
			}
		}
	}
	// Skipper replaces its built-in lua filter, which allows every source,
	// only when EnableLua is set.
	o.EnableLua = true
	return o, nil
}
