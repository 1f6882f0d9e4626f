package fastyaml

import (
	"testing"

	"github.com/rgc-dev/rgc/internal/gen"
)

func BenchmarkParse(b *testing.B) {
	s := gen.Generate(gen.Config{Groups: 1000, Seed: 1})
	for _, c := range []struct {
		name string
		in   []byte
	}{{"json", s.JSON()}, {"yaml", s.YAML()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := Parse(c.in); !ok {
					b.Fatal("not parsed")
				}
			}
		})
	}
}
