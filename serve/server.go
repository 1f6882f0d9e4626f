package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	log "github.com/sirupsen/logrus"
	"github.com/zalando/skipper"
	"github.com/zalando/skipper/routing"

	"github.com/rgc-dev/rgc"
)

// Config configures a Server.
type Config struct {
	// Paths are the files and directories to compile and watch, as for
	// rgc.CompilePaths; "-" (standard input) cannot be watched.
	Paths []string
	// Compile are the conversion options.
	Compile rgc.Options
	// Skipper are the proxy's options, as Flags.Options returns them; the
	// server adds its data client and sets WaitFirstRouteLoad.
	Skipper skipper.Options
	// RoutesListener is the address of the route server (Handler); ""
	// for none.
	RoutesListener string
	// Watch recompiles when the input changes.
	Watch bool
	// Debounce is how long the input must stay unchanged before it is
	// recompiled; 0 means 200ms. A change is compiled at the latest 10
	// times that after it was first seen.
	Debounce time.Duration
	// LogSeverity is the least severity of the diagnostics logged after a
	// recompilation.
	LogSeverity rgc.Severity
	// LogLevel is the level of the application log, as Skipper's
	// -application-log-level; "" leaves it as it is.
	LogLevel string
	// AcceptEmpty makes an input without route groups replace a table
	// that has some. By default such a compilation (a file truncated by
	// its writer for a moment, an unmounted volume) is logged and the
	// table stays, as Skipper's route server ignores an empty route set.
	AcceptEmpty bool
	// RoutesToken, when set, is required on the route server's /routes
	// and /status: "Authorization: Bearer TOKEN", or Basic with TOKEN as
	// the password (-routes-urls=http://rgc:TOKEN@host:port/routes).
	RoutesToken string
	// StatusPaths shows the input files on /status as they were read;
	// by default they are shown relative to the path named in Paths
	// that holds them, so that the network does not learn the local
	// file system's layout.
	StatusPaths bool
	// Reconfigure, when set, is called on SIGHUP before the input is
	// reloaded: it returns the conversion options anew (rgc serve reads
	// -config again). On an error the options stay as they were.
	Reconfigure func() (rgc.Options, error)
}

const defaultDebounce = 200 * time.Millisecond

// Server compiles route groups, keeps the table that Skipper routes with
// and serves it to other Skippers.
type Server struct {
	cfg     Config
	compile func() (*rgc.Result, error)
	dc      *dataClient

	mu     sync.Mutex // serializes compilations; guards logged
	logged map[string]string

	cur atomic.Pointer[table]

	statMu   sync.Mutex
	compiles int
	lastErr  string
	stats    reloadStats

	routesLn net.Listener
	ctx      context.Context
	stop     context.CancelFunc
}

// New returns a server that has compiled nothing yet: Skipper would get no
// routes and /routes answers 404 until Load or Reload succeeds. It sets the
// level of the application log (logrus, which Skipper and rgc log to) to
// cfg.LogLevel, as Skipper's main does.
func New(cfg Config) *Server {
	if cfg.Debounce <= 0 {
		cfg.Debounce = defaultDebounce
	}
	if l, err := log.ParseLevel(cfg.LogLevel); err == nil && cfg.LogLevel != "" {
		log.SetLevel(l)
	}
	s := &Server{cfg: cfg, dc: &dataClient{}, logged: map[string]string{}}
	s.compile = newIncremental(cfg.Compile, cfg.Paths).compile
	s.ctx, s.stop = context.WithCancel(context.Background())
	return s
}

// Close stops the route server and the watcher.
func (s *Server) Close() { s.stop() }

// Load compiles the input for the first time and returns the result for
// the caller to render; it logs nothing. An error means the input
// could not be read; nothing was loaded.
func (s *Server) Load() (*rgc.Result, error) { return s.reload(false) }

// Reload recompiles the input and applies the new table, group by group
// (see the package documentation), logging what changed. An error means
// the input could not be read: the table stays as it was.
func (s *Server) Reload() error {
	_, err := s.reload(true)
	return err
}

func (s *Server) reload(logDiags bool) (*rgc.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	res, err := s.compile()
	s.statMu.Lock()
	s.compiles++
	s.lastErr = ""
	if err != nil {
		s.lastErr = err.Error()
	}
	s.statMu.Unlock()
	if err != nil {
		s.record(outcomeInputError, now, nil)
		if logDiags {
			log.Errorf("rgc: reload: cannot read the input, the routing table stays as it was: %v", err)
		}
		return nil, err
	}
	prev := s.cur.Load()
	// Empty: no route group and nothing broken that might hold one (a
	// file with a YAML error keeps its groups through merge).
	if prev != nil && len(prev.groups) > 0 && len(res.Groups) == 0 && !res.HasErrors() && !s.cfg.AcceptEmpty {
		s.record(outcomeEmpty, now, prev)
		log.Warnf("rgc: reload: the input holds no route groups; the routing table stays as it was (%d route groups) until it holds some again (-accept-empty-input serves the empty table)", len(prev.groups))
		return res, nil
	}
	t := merge(prev, res, now)
	s.cur.Store(t)
	s.dc.set(t)
	s.report(prev, t, logDiags)
	s.record(outcomeOf(t), now, t)
	return res, nil
}

// reconfigure takes the conversion options anew from Config.Reconfigure
// and starts a fresh compiler with them: the next reload compiles the
// whole input.
func (s *Server) reconfigure() {
	if s.cfg.Reconfigure == nil {
		return
	}
	opts, err := s.cfg.Reconfigure()
	if err != nil {
		log.Errorf("rgc: reload: the configuration stays as it was: %v", err)
		return
	}
	s.mu.Lock()
	s.cfg.Compile = opts
	s.compile = newIncremental(opts, s.cfg.Paths).compile
	s.mu.Unlock()
}

// table returns the current table; nil before the first compilation.
func (s *Server) table() *table { return s.cur.Load() }

// Status returns the server's status, as GET /status answers it.
func (s *Server) Status() Status {
	st := s.table().status(s.redact)
	s.statMu.Lock()
	st.Compiles, st.Error = s.compiles, s.redact(s.lastErr)
	st.LastOutcome = s.stats.last
	s.statMu.Unlock()
	if t := s.dc.deliveredTable(); t != nil {
		st.ProxyHash = t.hash
	}
	return st
}

// SkipperOptions are Config.Skipper with the server's data client, which
// serves one Skipper instance.
func (s *Server) SkipperOptions() skipper.Options {
	o := s.cfg.Skipper
	o.CustomDataClients = append(append([]routing.DataClient{}, o.CustomDataClients...), s.dc)
	o.WaitFirstRouteLoad = true
	return o
}

// Listen opens the route server (when Config.RoutesListener is set), at
// once: before the first table it answers /routes with 404, as Skipper's
// route server does, and /health and /ready with 503. It stops on Close.
// Calling it again does nothing.
func (s *Server) Listen() error {
	if s.cfg.RoutesListener == "" || s.routesLn != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.RoutesListener)
	if err != nil {
		return err
	}
	s.routesLn = ln
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: time.Minute}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Errorf("rgc: route server: %v", err)
		}
	}()
	go func() {
		<-s.ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	log.Infof("rgc: route server on %s: /routes, /health, /ready, /status, /metrics", ln.Addr())
	if exposed(ln.Addr()) && s.cfg.RoutesToken == "" {
		log.Warnf("rgc: the route server on %s is reachable from other hosts and needs no token: anyone who reaches it reads the routing table (-routes-token-file, or a loopback address)", ln.Addr())
	}
	return nil
}

// exposed reports whether addr accepts connections from other hosts.
func exposed(addr net.Addr) bool {
	ta, ok := addr.(*net.TCPAddr)
	return !ok || !ta.IP.IsLoopback()
}

// Start opens the route server (see Listen) and starts the watcher (when
// Config.Watch is set); both stop when ctx is done or on Close.
func (s *Server) Start(ctx context.Context) error {
	go func() {
		select {
		case <-ctx.Done():
			s.stop()
		case <-s.ctx.Done():
		}
	}()
	if err := s.Listen(); err != nil {
		return err
	}
	if s.cfg.Watch {
		w, err := newWatcher(s.cfg.Paths, s.cfg.Debounce, 10*s.cfg.Debounce, func() { s.Reload() })
		if err != nil {
			return err
		}
		go w.run(s.ctx)
		// What changed between Load and the first watch.
		s.Reload()
	}
	return nil
}

// RoutesAddr is the address the route server listens on, after Start.
func (s *Server) RoutesAddr() string {
	if s.routesLn == nil {
		return ""
	}
	return s.routesLn.Addr().String()
}

// Run starts the server and runs Skipper until SIGTERM or SIGINT, after
// which Skipper waits -wait-for-healthcheck-interval, stops accepting
// connections and lets the requests in flight finish. It returns when
// Skipper has stopped. Skipper itself handles SIGTERM; SIGINT is turned
// into SIGTERM. SIGHUP reloads: the configuration (Config.Reconfigure),
// then the input, as a change would.
func (s *Server) Run() error {
	defer s.Close()
	if err := s.Start(s.ctx); err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGHUP {
					log.Info("rgc: SIGHUP: reloading the configuration and the input")
					s.reconfigure()
					s.Reload()
					continue
				}
				log.Info("rgc: interrupted, shutting down")
				if p, err := os.FindProcess(os.Getpid()); err == nil {
					p.Signal(syscall.SIGTERM)
				}
				return
			case <-s.ctx.Done():
				return
			}
		}
	}()
	return skipper.Run(s.SkipperOptions())
}
