package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/rgc-dev/rgc/internal/cli"
)

// Whole processes: the benchmark runs its own executable again as a
// child, either as the rgc command (cmd/rgc is only cli.Main, the same
// code) on the YAML state in a file, or as Skipper's New and LoadAll
// against the fake API server that the benchmark runs for the state (in a
// cluster the API server is another process too; its CPU time, spent in
// the parent, counts for Skipper as in the in-process contender). The
// child is the same executable for both, so both pay the same start-up.

// childEnv names the child's role ("rgc" or "loadall"), childFile its
// input (a file, or the API server's URL).
const (
	childEnv  = "RGC_BENCH_CHILD"
	childFile = "RGC_BENCH_FILE"
)

// child runs the role of a child process and returns its exit status, or
// -1 when this process is not a child.
func child() int {
	role, file := os.Getenv(childEnv), os.Getenv(childFile)
	switch role {
	case "":
		return -1
	case "rgc":
		return cli.Main([]string{"compile", file}, os.Stdin, os.Stdout, os.Stderr)
	case "loadall":
		// file is the URL of the parent's fake API server: an API server
		// is another process in a cluster too.
		routes, err := skipperLoadAll(file, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintln(os.Stdout, len(routes), "routes")
		return 0
	}
	fmt.Fprintf(os.Stderr, "bench: unknown child role %q\n", role)
	return 2
}

// writeFiles writes the state to dir, for the whole-process contenders.
func (s *state) writeFiles(dir string) error {
	s.yamlPath, s.jsonPath = filepath.Join(dir, "state-"+s.label+".yaml"), filepath.Join(dir, "state-"+s.label+".json")
	if err := os.WriteFile(s.yamlPath, s.yaml, 0o644); err != nil {
		return err
	}
	return os.WriteFile(s.jsonPath, s.json, 0o644)
}

// runChild runs this executable as a child in role on file, its output
// sent to the null device. The CPU time it takes is counted by cpuTime (children's
// time is included once they were waited for).
func runChild(role, file string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+role, childFile+"="+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdout: the null device
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v: %s", role, file, err, stderr.Bytes())
	}
	return nil
}
