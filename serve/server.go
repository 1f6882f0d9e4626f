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

	routesLn net.Listener
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
	return s
}

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
		if logDiags {
			log.Errorf("rgc: cannot read the input, the routing table stays as it was: %v", err)
		}
		return nil, err
	}
	prev := s.cur.Load()
	t := merge(prev, res, now)
	s.cur.Store(t)
	s.dc.set(t)
	s.report(prev, t, logDiags)
	return res, nil
}

// table returns the current table; nil before the first compilation.
func (s *Server) table() *table { return s.cur.Load() }

// Status returns the server's status, as GET /status answers it.
func (s *Server) Status() Status {
	st := s.table().status()
	s.statMu.Lock()
	st.Compiles, st.Error = s.compiles, s.lastErr
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

// Start starts the route server (when Config.RoutesListener is set) and
// the watcher (when Config.Watch is set); both stop when ctx is done.
func (s *Server) Start(ctx context.Context) error {
	if s.cfg.RoutesListener != "" {
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
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
		}()
		log.Infof("rgc: route server on %s: /routes, /health, /status", ln.Addr())
	}
	if s.cfg.Watch {
		w, err := newWatcher(s.cfg.Paths, s.cfg.Debounce, 10*s.cfg.Debounce, func() { s.Reload() })
		if err != nil {
			return err
		}
		go w.run(ctx)
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
// into SIGTERM.
func (s *Server) Run() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Start(ctx); err != nil {
		return err
	}
	ints := make(chan os.Signal, 1)
	signal.Notify(ints, os.Interrupt)
	defer signal.Stop(ints)
	go func() {
		select {
		case <-ints:
			log.Info("rgc: interrupted, shutting down")
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Signal(syscall.SIGTERM)
			}
		case <-ctx.Done():
		}
	}()
	return skipper.Run(s.SkipperOptions())
}
