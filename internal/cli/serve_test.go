package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The proxy itself is tested in serve; these tests stop before
// Skipper starts.

func TestServeFlags(t *testing.T) {
	cfg, _, err := parseServeFlags([]string{"dir", "-address=127.0.0.1:8080", "-kubernetes-https-redirect=false",
		"-routes-listener=:9999", "-timeout-backend=5s", "-watch=false", "-q"})
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Skipper
	if !slices.Equal(cfg.Paths, []string{"dir"}) || o.Address != "127.0.0.1:8080" || cfg.Compile.HTTPSRedirect ||
		cfg.RoutesListener != ":9999" || o.TimeoutBackend != 5*time.Second || cfg.Watch || cfg.LogSeverity != 2 {
		t.Errorf("got %+v", cfg)
	}

	cfg, _, err = parseServeFlags([]string{"dir"})
	if err != nil {
		t.Fatal(err)
	}
	o = cfg.Skipper
	if o.Address != ":9090" || o.SupportListener != ":9911" || o.SourcePollTimeout != 100*time.Millisecond ||
		o.WaitForHealthcheckInterval != 0 || !slices.Equal(o.LuaSources, []string{"none"}) || o.MetricsListener != "" || !cfg.Watch || !cfg.Compile.HTTPSRedirect || cfg.Compile.CheckMode {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestServeLua(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		enabled bool
		sources []string
		err     string
	}{
		{nil, false, nil, ""},
		{[]string{"-lua-sources=inline"}, true, []string{"inline"}, ""},
		{[]string{"-lua-sources=file,inline", "-lua-modules=base"}, true, []string{"file", "inline"}, ""},
		{[]string{"-lua-sources=none", "-enable-lua"}, false, nil, ""},
		{[]string{"-enable-lua"}, false, nil, "-enable-lua needs -lua-sources"},
		{[]string{"-lua-sources=web"}, false, nil, `invalid value "web"`},
	} {
		cfg, _, err := parseServeFlags(append(tc.args, "dir"))
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.err)
			}
		case err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case slices.Equal(cfg.Skipper.LuaSources, []string{"none"}) == tc.enabled || tc.enabled && !slices.Equal(cfg.Skipper.LuaSources, tc.sources):
			t.Errorf("%v: lua %v %v", tc.args, cfg.Skipper.EnableLua, cfg.Skipper.LuaSources)
		}
	}
}

func TestServeConfigFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	err := os.WriteFile(p, []byte(`address: ":7070"
support-listener: ""
lua-sources: [file]
timeout-backend: 3s
kubernetes-https-redirect: false
routes-file: ignored.eskip
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := parseServeFlags([]string{"-config", p, "-timeout-backend=4s", "dir"})
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Skipper
	if o.Address != ":7070" || o.SupportListener != "" || !slices.Equal(o.LuaSources, []string{"file"}) || o.TimeoutBackend != 4*time.Second ||
		cfg.Compile.HTTPSRedirect || o.RoutesFile != "" {
		t.Errorf("got %+v", cfg)
	}
}

func TestServeCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		exit   int
		stderr string
	}{
		{[]string{"serve"}, exitUsage, "no input"},
		{[]string{"serve", "-"}, exitUsage, "cannot watch standard input"},
		{[]string{"serve", "-routes-file=r.eskip", dir}, exitUsage, "flag -routes-file is not supported by rgc serve"},
		{[]string{"serve", "-adress=:1", dir}, exitUsage, "did you mean -address?"},
		{[]string{"serve", "-application-log-level=LOUD", dir}, exitUsage, "not a valid logrus Level"},
		{[]string{"serve", filepath.Join(dir, "missing.yaml")}, exitIO, "no such file"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, nil, &stdout, &stderr); code != tc.exit || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, code, stderr.String(), tc.exit, tc.stderr)
		}
	}
}

func TestServeHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "serve"}, {"serve", "-help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		out := stdout.String()
		for _, want := range []string{"Usage: rgc serve", "-routes-listener address", "-address", "-lua-sources",
			"(default 100)", "-kubernetes-https-redirect", "Skipper flags accepted and ignored"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q in\n%s", args, want, out)
			}
		}
	}
}
