GO ?= go
FUZZ_TIME ?= 30s

.PHONY: all build test vet fuzz bench

all: build test

build:
	$(GO) build ./...

vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The whole suite: unit tests, the spec cases, Skipper's fixtures
# (conformance), fuzz seeds and short property runs.
test: vet
	$(GO) test -count=1 -timeout 20m ./...

# Every property of ./fuzz with random seeds for FUZZ_TIME each, then every
# native fuzz target for FUZZ_TIME each (e.g. make fuzz FUZZ_TIME=10m).
fuzz:
	$(GO) test ./fuzz -run '^Test' -rgc.fuzztime $(FUZZ_TIME) -timeout 0
	@for t in $$($(GO) test ./fuzz -list 'Fuzz.*' | grep '^Fuzz'); do \
		echo "== $$t"; $(GO) test ./fuzz -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZ_TIME) || exit 1; \
	done

# rgc against Skipper's converter on generated states of 1,000 and 10,000
# route groups, interleaved in one process (docs/performance.md);
# BENCH_LARGE=1 adds 30,000; BENCH_FLAGS passes more (go run ./bench -help).
bench:
	$(GO) run ./bench $(if $(BENCH_LARGE),-large) $(BENCH_FLAGS)
