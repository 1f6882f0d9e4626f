package serve

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyImporter holds the line: Skipper's root package (and its config
// package, which imports it) costs minutes of build and a 200 MB binary,
// so no package of rgc but this one (and the command, which runs it) may
// import it.
func TestOnlyImporter(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "github.com/rgc-dev/rgc/...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		for _, imp := range strings.Fields(imports) {
			if (imp == "github.com/zalando/skipper" || imp == "github.com/zalando/skipper/config") &&
				pkg != "github.com/rgc-dev/rgc/serve" && pkg != "github.com/rgc-dev/rgc/internal/cli" && pkg != "github.com/rgc-dev/rgc/cmd/rgc" {
				t.Errorf("%s imports %s: only serve, internal/cli and cmd/rgc may", pkg, imp)
			}
		}
	}
}
