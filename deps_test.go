package rgc_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering holds the dependency rules of the house (STYLE.md): the
// program has no parser or Skipper in it, the core builds without
// Skipper's heavy packages, and only the proxy and the command import
// Skipper's root package.
func TestLayering(t *testing.T) {
	const mod = "github.com/rgc-dev/rgc"
	rules := []struct {
		pkg    string
		banned []string
	}{
		{"internal/src", []string{"gopkg.in/yaml.v3", "github.com/alecthomas/participle", "github.com/zalando/skipper"}},
		{"diag", []string{"gopkg.in/yaml.v3", "github.com/alecthomas/participle", "github.com/zalando/skipper"}},
		{"ir", []string{"gopkg.in/yaml.v3", "github.com/alecthomas/participle", "github.com/zalando/skipper"}},
		{"passes", []string{"gopkg.in/yaml.v3", "github.com/alecthomas/participle", "github.com/zalando/skipper/routing", "github.com/zalando/skipper/filters"}},
		{"frontend", []string{"github.com/zalando/skipper/routing", "github.com/zalando/skipper/filters", mod + "/passes"}},
		{"backend", []string{"gopkg.in/yaml.v3", "github.com/alecthomas/participle", "github.com/zalando/skipper/routing"}},
		{"", []string{"github.com/zalando/skipper/proxy", "github.com/zalando/skipper/routing", mod + "/analysis", mod + "/serve"}},
	}
	for _, r := range rules {
		pkg := mod
		if r.pkg != "" {
			pkg += "/" + r.pkg
		}
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range r.banned {
				if dep == b || strings.HasPrefix(dep, b+"/") || strings.HasPrefix(dep, b+".") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
			if dep == "github.com/zalando/skipper" {
				t.Errorf("%s depends on Skipper's root package; only serve and cmd/rgc may", pkg)
			}
		}
	}
}
