package frontend

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
)

// FuzzLoad checks that Load never panics (debugPanics turns a recovered
// panic back into one) and that every diagnostic has a severity, a code
// and a message. The seeds are the inputs of testdata/*.txtar.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.txtar")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range parseTxtar(string(data)).files {
			if isInputName(s.name) {
				f.Add([]byte(s.data))
			}
		}
	}
	f.Add([]byte(billionLaughs(3)))
	debugPanics = true
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ds := Load([]*src.File{src.NewFile("fuzz.yaml", data)})
		for _, d := range ds {
			if d.Code == "" || d.Message == "" || d.Code == diag.InternalError {
				t.Fatalf("bad diagnostic: %s", d.Text())
			}
		}
	})
}
