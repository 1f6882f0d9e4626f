package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/zalando/skipper/eskip"
)

// TestExampleMatchesSkipper compiles the bundled example and compares the
// routes with those Skipper itself builds from it.
func TestExampleMatchesSkipper(t *testing.T) {
	needExpr(t)
	var stdout, stderr bytes.Buffer
	code := run([]string{"compile", "../../examples/ab-test.yaml"}, nil, &stdout, &stderr)
	// Under Skipper's command line defaults (HTTPS redirect, Traffic()
	// predicates) the weighted routes draw RG403, as they should.
	if code != exitOK || strings.Contains(stderr.String(), "error") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "kube_rg__") {
		t.Skip("the front end does not load route groups yet")
	}
	got, err := eskip.Parse(stdout.String())
	if err != nil {
		t.Fatalf("rgc's output does not parse: %v\n%s", err, stdout.String())
	}
	b, err := os.ReadFile("testdata/ab-test.skipper.eskip")
	if err != nil {
		t.Fatal(err)
	}
	want, err := eskip.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if !eskip.EqLists(got, want) {
		t.Errorf("routes differ from Skipper's\n--- rgc\n%s--- skipper\n%s", stdout.String(), b)
	}
}
