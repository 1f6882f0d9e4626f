package serve

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/zalando/skipper/routing"
)

// Handler serves, for a fleet of stock Skippers polling
// -routes-urls=http://ADDR/routes, the protocol of Skipper's route server
// (routesrv, v0.27.54):
//
//	GET /routes   the table as eskip text, one route per line in id order,
//	              with ETag (the text's SHA-256) and X-Count; If-None-Match
//	              answers 304; gzip when accepted (ETag "HASH+gzip");
//	              404 until the first table is compiled
//	GET /health   204 once a table is loaded, 503 before
//
// and, as rgc's own,
//
//	GET /ready    200 when a table is served and the last reload could
//	              read the input, 503 otherwise; the body says why
//	GET /status   JSON: the table's hash, counts, last compile and the
//	              diagnostics per group (see Status)
//	GET /metrics  reloads, route groups by state, table size and reload
//	              times in the Prometheus text format
//
// With Config.RoutesToken set, /routes and /status answer 401 without it.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/routes", s.authorized(s.serveRoutes))
	mux.HandleFunc("/health", s.serveHealth)
	mux.HandleFunc("/ready", s.serveReady)
	mux.HandleFunc("/status", s.authorized(s.serveStatus))
	mux.HandleFunc("/metrics", s.serveMetrics)
	return mux
}

// authorized requires Config.RoutesToken, when set, as a bearer token or
// as the password of Basic authentication (what a Skipper sends for
// -routes-urls=http://rgc:TOKEN@host/routes).
func (s *Server) authorized(h http.HandlerFunc) http.HandlerFunc {
	if s.cfg.RoutesToken == "" {
		return h
	}
	want := []byte(s.cfg.RoutesToken)
	return func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			_, got, ok = r.BasicAuth()
		}
		if !ok || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="rgc"`)
			http.Error(w, "a token is required (-routes-token-file)", http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func (s *Server) serveRoutes(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	t := s.table()
	if t == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set(routing.RoutesCountName, strconv.Itoa(len(t.routes)))
	h.Set("Vary", "Accept-Encoding")
	body, etag := t.text, `"`+t.hash+`"`
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		body, etag = t.zipped, `"`+t.hash+`+gzip"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Etag", etag)
	http.ServeContent(w, r, "", t.compiled, bytes.NewReader(body))
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	if s.table() == nil {
		http.Error(w, "routes were not initialized yet", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	b, err := json.MarshalIndent(s.Status(), "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(append(b, '\n'))
}
