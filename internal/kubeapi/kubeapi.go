// Package kubeapi runs a real, throw-away Kubernetes API server (etcd and
// kube-apiserver) on loopback for rgc's end-to-end tests.
//
// The binaries come from install.sh, run once per process: kube-apiserver
// built from the k8s.io/kubernetes module, etcd from Debian's etcd-server
// package, both cached (~/.cache/kubeapi) so that reruns take seconds.
// Failing to get them is a test failure, not a skip: the e2e tests are part
// of make test.
package kubeapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

var (
	binOnce            sync.Once
	apiserverBin, etcd string
	binErr             error
)

// Binaries returns the paths of kube-apiserver and etcd, building or
// fetching them the first time (install.sh).
func Binaries() (string, string, error) {
	binOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		script := filepath.Join(filepath.Dir(file), "install.sh")
		cmd := exec.Command("bash", script)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			binErr = fmt.Errorf("%s: %v\n%s", script, err, stderr.String())
			return
		}
		lines := strings.Fields(string(out))
		if len(lines) != 2 {
			binErr = fmt.Errorf("%s printed %q, want two paths", script, out)
			return
		}
		apiserverBin, etcd = lines[0], lines[1]
	})
	return apiserverBin, etcd, binErr
}

// Token is a static bearer token the server accepts.
type Token struct {
	Token, User string
	Groups      []string
}

// Options configure a server.
type Options struct {
	// RBAC runs the server with --authorization-mode=RBAC (else
	// AlwaysAllow). The admin token is in system:masters either way.
	RBAC bool
	// Tokens are further users.
	Tokens []Token
	// Args are further kube-apiserver flags.
	Args []string
}

// Server is a running etcd and kube-apiserver.
type Server struct {
	Dir   string
	URL   string // https://127.0.0.1:PORT
	Token string // the admin's
	// CA is the PEM of the certificate kube-apiserver serves.
	CA []byte
	// EtcdURL is etcd's client URL.
	EtcdURL string

	opts      Options
	port      int
	etcdCmd   *exec.Cmd
	apiCmd    *exec.Cmd
	apiDone   chan struct{}
	etcdDone  chan struct{}
	apiserver string
	http      *http.Client
}

// Start starts etcd and kube-apiserver in a new directory under dir and
// waits until the API server is ready.
func Start(dir string, opts Options) (*Server, error) {
	api, etcdBin, err := Binaries()
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, opts: opts, apiserver: api}
	if err := s.writeCredentials(); err != nil {
		return nil, err
	}
	if err := s.startEtcd(etcdBin); err != nil {
		return nil, err
	}
	if s.port, err = freePort(); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.StartAPIServer(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) writeCredentials() error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"sa.key": pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		"sa.pub": pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}),
	}
	s.Token = randomToken()
	tokens := fmt.Sprintf("%s,rgc-test-admin,rgc-test-admin,system:masters\n", s.Token)
	for i, t := range s.opts.Tokens {
		tokens += fmt.Sprintf("%s,%s,uid-%d,\"%s\"\n", t.Token, t.User, i, strings.Join(t.Groups, ","))
	}
	files["tokens.csv"] = []byte(tokens)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(s.Dir, name), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// randomToken returns a new random bearer token.
func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NewToken returns a new random bearer token, for Options.Tokens.
func NewToken() string { return randomToken() }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs a child that dies with the test process.
func start(dir, logName, bin string, args ...string) (*exec.Cmd, chan struct{}, error) {
	logf, err := os.OpenFile(filepath.Join(dir, logName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, nil, err
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		logf.Close()
		close(done)
	}()
	return cmd, done, nil
}

func (s *Server) startEtcd(bin string) error {
	var lastErr error
	for range 3 {
		cport, err := freePort()
		if err != nil {
			return err
		}
		pport, err := freePort()
		if err != nil {
			return err
		}
		curl := "http://127.0.0.1:" + strconv.Itoa(cport)
		purl := "http://127.0.0.1:" + strconv.Itoa(pport)
		os.RemoveAll(filepath.Join(s.Dir, "etcd-data"))
		cmd, done, err := start(s.Dir, "etcd.log", bin, "--name", "rgc-test", "--data-dir", filepath.Join(s.Dir, "etcd-data"),
			"--listen-client-urls", curl, "--advertise-client-urls", curl,
			"--listen-peer-urls", purl, "--initial-advertise-peer-urls", purl,
			"--initial-cluster", "rgc-test="+purl, "--logger", "zap", "--log-outputs", "stderr")
		if err != nil {
			return err
		}
		s.etcdCmd, s.etcdDone, s.EtcdURL = cmd, done, curl
		if lastErr = waitHTTP(http.DefaultClient, curl+"/health", "", done, 30*time.Second); lastErr == nil {
			return nil
		}
		stop(cmd, done)
	}
	return fmt.Errorf("etcd did not start: %v\n%s", lastErr, tail(filepath.Join(s.Dir, "etcd.log")))
}

// StartAPIServer starts kube-apiserver (again, after StopAPIServer: on the
// same port, with the same etcd and certificates) and waits until it is
// ready.
func (s *Server) StartAPIServer() error {
	authz := "AlwaysAllow"
	if s.opts.RBAC {
		authz = "RBAC"
	}
	args := append([]string{
		"--etcd-servers=" + s.EtcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(s.port),
		"--cert-dir=" + filepath.Join(s.Dir, "certs"),
		"--token-auth-file=" + filepath.Join(s.Dir, "tokens.csv"),
		"--authorization-mode=" + authz,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + filepath.Join(s.Dir, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(s.Dir, "sa.key"),
		"--service-cluster-ip-range=10.0.0.0/12",
		"--endpoint-reconciler-type=none",
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
	}, s.opts.Args...)
	var err error
	for range 3 {
		var cmd *exec.Cmd
		var done chan struct{}
		cmd, done, err = start(s.Dir, "apiserver.log", s.apiserver, args...)
		if err != nil {
			return err
		}
		s.apiCmd, s.apiDone = cmd, done
		s.URL = "https://127.0.0.1:" + strconv.Itoa(s.port)
		// Readiness before the CA is known: the certificate is written at
		// start; trust it once it is there.
		if err = s.waitReady(done); err == nil {
			return nil
		}
		stop(cmd, done)
		if s.port, err = freePort(); err != nil {
			return err
		}
	}
	return fmt.Errorf("kube-apiserver did not start: %v\n%s", err, tail(filepath.Join(s.Dir, "apiserver.log")))
}

func (s *Server) waitReady(done chan struct{}) error {
	deadline := time.Now().Add(2 * time.Minute)
	certFile := filepath.Join(s.Dir, "certs", "apiserver.crt")
	for {
		if ca, err := os.ReadFile(certFile); err == nil {
			pool := x509.NewCertPool()
			if pool.AppendCertsFromPEM(ca) {
				s.CA = ca
				s.http = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 30 * time.Second}
				break
			}
		}
		select {
		case <-done:
			return errors.New("kube-apiserver exited")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("no certificate written")
		}
	}
	if err := waitHTTP(s.http, s.URL+"/readyz", s.Token, done, time.Until(deadline)); err != nil {
		return err
	}
	// /readyz can pass a moment before the namespace "default" exists.
	return waitHTTP(s.http, s.URL+"/api/v1/namespaces/default", s.Token, done, time.Until(deadline))
}

func waitHTTP(c *http.Client, url, token string, done chan struct{}, d time.Duration) error {
	deadline := time.Now().Add(d)
	var last string
	for {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rsp, err := c.Do(req)
		if err == nil {
			io.Copy(io.Discard, rsp.Body)
			rsp.Body.Close()
			if rsp.StatusCode == http.StatusOK {
				return nil
			}
			last = rsp.Status
		} else {
			last = err.Error()
		}
		select {
		case <-done:
			return errors.New("process exited")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready: %s", url, last)
		}
	}
}

func stop(cmd *exec.Cmd, done chan struct{}) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// StopAPIServer stops kube-apiserver, leaving etcd running.
func (s *Server) StopAPIServer() {
	stop(s.apiCmd, s.apiDone)
	s.apiCmd = nil
}

// Stop stops both processes.
func (s *Server) Stop() {
	stop(s.apiCmd, s.apiDone)
	stop(s.etcdCmd, s.etcdDone)
	s.apiCmd, s.etcdCmd = nil, nil
}

func tail(file string) string {
	b, _ := os.ReadFile(file)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Kubeconfig writes a kubeconfig for the server with token as the user's
// credentials and returns its path.
func (s *Server) Kubeconfig(name, token string) (string, error) {
	p := filepath.Join(s.Dir, name)
	cfg := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: user
  user:
    token: %s
contexts:
- name: test
  context: {cluster: test, user: user}
current-context: test
`, s.URL, base64.StdEncoding.EncodeToString(s.CA), token)
	return p, os.WriteFile(p, []byte(cfg), 0o600)
}

// Do sends a request as the admin and returns the body; a status other
// than 2xx is an error with the body.
func (s *Server) Do(ctx context.Context, method, path, contentType string, body []byte) ([]byte, error) {
	return s.DoAs(ctx, s.Token, method, path, contentType, body)
}

// DoAs is Do with another user's token.
func (s *Server) DoAs(ctx context.Context, token, method, path, contentType string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rsp, err := s.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer rsp.Body.Close()
	b, err := io.ReadAll(rsp.Body)
	if err != nil {
		return nil, err
	}
	if rsp.StatusCode/100 != 2 {
		return b, &StatusError{Code: rsp.StatusCode, Body: string(b), Method: method, Path: path}
	}
	return b, nil
}

// StatusError is a non-2xx answer.
type StatusError struct {
	Method, Path, Body string
	Code               int
}

// Error renders the request and the answer.
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d: %s", e.Method, e.Path, e.Code, strings.TrimSpace(e.Body))
}

// HTTPClient is a client that trusts the server's certificate (and sends
// no credentials).
func (s *Server) HTTPClient() *http.Client { return s.http }
