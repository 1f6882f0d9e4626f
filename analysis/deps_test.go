package analysis_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreStaysFreeOfRegistries holds the line that keeps the core fast to
// build and test: only package analysis imports Skipper's filter and
// predicate specs and its routing.
func TestCoreStaysFreeOfRegistries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/rgc-dev/rgc/passes", "github.com/rgc-dev/rgc/frontend", "github.com/rgc-dev/rgc/ir").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/zalando/skipper/filters", "github.com/zalando/skipper/predicates", "github.com/zalando/skipper/routing", "github.com/rgc-dev/rgc/analysis"} {
			if p == banned || strings.HasPrefix(p, banned+"/") {
				t.Errorf("the core depends on %s", p)
			}
		}
	}
}
