package serve

import (
	"flag"
	"os"
	"regexp"
	"testing"
)

// TestFlagsDocumented checks that docs/serve.md has a table row for every
// flag of rgc serve's own and every Skipper flag it accepts, and no row
// for any other.
func TestFlagsDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/serve.md")
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	RegisterFlags(fs)
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\|\\s*`-([a-z0-9-]+)`").FindAllStringSubmatch(string(b), -1) {
		documented[m[1]] = true
		if fs.Lookup(m[1]) == nil {
			t.Errorf("docs/serve.md documents -%s, which rgc serve's proxy does not register", m[1])
		}
	}
	fs.VisitAll(func(f *flag.Flag) {
		if !documented[f.Name] {
			t.Errorf("docs/serve.md: no table row for -%s", f.Name)
		}
	})
}
