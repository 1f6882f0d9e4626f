package expr

import (
	"testing"

	"github.com/zalando/skipper/eskip"
)

var benchFilters = []string{
	`setRequestHeader("X-Foo", "bar")`,
	`ratelimit(20, "1m") -> setPath("/api/v2") -> modPath(/^\/api\/(.*)/, "/$1")`,
	`oauthTokeninfoAnyScope("uid", "team/read") -> flowId("reuse") -> status(200) -> inlineContent("{\"ok\": true}", "application/json")`,
}

func BenchmarkParseFilters(b *testing.B) {
	b.Run("rgc", func(b *testing.B) {
		for b.Loop() {
			for _, s := range benchFilters {
				if _, err := ParseFilters(s, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("eskip", func(b *testing.B) {
		for b.Loop() {
			for _, s := range benchFilters {
				if _, err := eskip.ParseFilters(s); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkParsePredicates(b *testing.B) {
	const in = `Path("/api") && Header("X-Foo", "bar") && Traffic(.3) && PathRegexp(/^\/api/)`
	b.Run("rgc", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParsePredicates(in, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("eskip", func(b *testing.B) {
		for b.Loop() {
			if _, err := eskip.ParsePredicates(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
