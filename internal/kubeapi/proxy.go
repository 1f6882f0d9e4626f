package kubeapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
)

// Proxy is what kubectl proxy is: plain HTTP on loopback, forwarding to
// the API server with the admin's credentials. It can be cut, to make the
// API server unreachable for its clients without stopping it.
type Proxy struct {
	URL string
	srv *httptest.Server

	mu     sync.Mutex
	down   bool
	cancel map[*http.Request]context.CancelFunc
}

// NewProxy starts a proxy in front of s.
func (s *Server) NewProxy() *Proxy {
	p := &Proxy{cancel: map[*http.Request]context.CancelFunc{}}
	target, _ := url.Parse(s.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = s.http.Transport
	rp.FlushInterval = -1 // watch streams
	rp.Director = func(r *http.Request) {
		r.URL.Scheme, r.URL.Host, r.Host = target.Scheme, target.Host, target.Host
		r.Header.Set("Authorization", "Bearer "+s.Token)
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			cancel()
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			http.Error(w, "proxy down", http.StatusBadGateway)
			return
		}
		r = r.WithContext(ctx)
		p.cancel[r] = cancel
		p.mu.Unlock()
		defer func() {
			p.mu.Lock()
			delete(p.cancel, r)
			p.mu.Unlock()
			cancel()
		}()
		rp.ServeHTTP(w, r)
	}))
	p.URL = p.srv.URL
	return p
}

// SetDown cuts the proxy (every request open now ends, new ones fail) or
// restores it.
func (p *Proxy) SetDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.cancel {
			c()
		}
	}
}

// Close stops the proxy.
func (p *Proxy) Close() {
	p.SetDown(true)
	p.srv.CloseClientConnections()
	p.srv.Close()
}
