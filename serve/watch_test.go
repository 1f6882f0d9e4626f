package serve

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// watching starts a watcher on paths and returns a function that waits
// for the next reload it triggers, and one that reports whether any came
// within d.
func watching(t *testing.T, paths ...string) (next func(what string), came func(d time.Duration) bool) {
	t.Helper()
	reloads := make(chan struct{}, 100)
	w, err := newWatcher(paths, 50*time.Millisecond, 500*time.Millisecond, func() { reloads <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.run(ctx)
	came = func(d time.Duration) bool {
		select {
		case <-reloads:
			return true
		case <-time.After(d):
			return false
		}
	}
	next = func(what string) {
		t.Helper()
		if !came(patience) {
			t.Fatalf("%s: no reload", what)
		}
		for came(200 * time.Millisecond) { // the same change, seen late
		}
	}
	return next, came
}

func TestWatchDirectoryTree(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // "." as the path, as in rgc serve .
	next, _ := watching(t, ".")
	write(t, dir, "a.yaml", "a")
	next("file written by rename")
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	next("file written in place")
	if err := os.MkdirAll(filepath.Join(dir, "x", "y"), 0o755); err != nil {
		t.Fatal(err)
	}
	next("directories created")
	write(t, dir, "x/y/b.yaml", "b")
	next("file in a new directory")
	if err := os.RemoveAll(filepath.Join(dir, "x")); err != nil {
		t.Fatal(err)
	}
	next("directory removed")
}

func TestWatchFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "routes.yaml", "a")
	next, came := watching(t, filepath.Join(dir, "routes.yaml"))
	write(t, dir, "routes.yaml", "b")
	next("file replaced by rename")
	// A Kubernetes ConfigMap volume swaps the ..data symlink.
	if err := os.Symlink(".", filepath.Join(dir, "..data_tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	next("..data swapped")
	// Other files in the directory do not matter.
	write(t, dir, "other.yaml", "x")
	if came(time.Second) {
		t.Error("a change to another file reloaded")
	}
}
