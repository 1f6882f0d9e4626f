package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	log "github.com/sirupsen/logrus"
)

// TestMain lets the test binary act as the benchmark's child processes.
func TestMain(m *testing.M) {
	if code := child(); code >= 0 {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSmoke runs the whole benchmark on tiny states: it must measure
// everything and print every target. make bench runs the real sizes.
func TestSmoke(t *testing.T) {
	log.SetOutput(io.Discard)
	r, err := run(options{sizes: []int{20, 40}, rounds: 1, reps: 3, hosts: 3, incGroups: 40, seed: 1}, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.write(&b)
	for _, want := range []string{"### Targets, 40 route groups", "validate+convert", "whole process", "allocated **bytes**",
		"peak heap above start", "Push+LoadUpdate, p90 CPU", "scaling exponent 20 → 60 groups, 1–3 hosts",
		"scaling exponent 20 → 60 groups, 3 hosts per group", "printer vs", "one Endpoints object changed",
		"eskip.Print pretty", "skipper validate+convert (derived) | 40 |", "process skipper LoadAll | 40 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, b.String())
		}
	}
}
