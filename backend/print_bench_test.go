package backend_test

import (
	"testing"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/internal/gen"
)

// BenchmarkPrint prints the table of a generated state of 2,000 groups,
// with eskip.Print beside it for the ratio.
func BenchmarkPrint(b *testing.B) {
	s := gen.Generate(gen.Config{Groups: 2000, Seed: 1})
	res, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: "s.json", Content: s.JSON()})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("rgc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			backend.Append(nil, eskip.PrettyPrintInfo{}, res.Routes...)
		}
	})
	b.Run("eskip", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			eskip.Print(eskip.PrettyPrintInfo{}, res.Routes...)
		}
	})
}
