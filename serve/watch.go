package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	log "github.com/sirupsen/logrus"
)

// watcher calls reload after the inputs change: once the events stop for
// debounce, and at the latest maxDelay after the first of them, so that a
// tool that writes without pause still gets its changes served.
//
// Directories named on the command line are watched as whole trees:
// directories created in them are watched as they appear. A file named on
// the command line is watched through its directory, so that editors that
// write a new file and rename it over the old one are seen, and so are
// Kubernetes ConfigMap volumes, which swap a "..data" symlink.
type watcher struct {
	fw                 *fsnotify.Watcher
	roots              []string        // directories named on the command line
	files              map[string]bool // files named on the command line
	debounce, maxDelay time.Duration
	reload             func()
}

func newWatcher(paths []string, debounce, maxDelay time.Duration, reload func()) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw: fw, files: map[string]bool{},
		debounce: debounce, maxDelay: maxDelay, reload: reload}
	for _, p := range paths {
		// Absolute, so that event names compare with it: the events of
		// a watch on "." are named "x.yaml", not "./x.yaml".
		p, err := filepath.Abs(p)
		if err != nil {
			fw.Close()
			return nil, err
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			w.roots = append(w.roots, p)
			w.addTree(p)
			continue
		}
		w.files[p] = true
		if err := fw.Add(filepath.Dir(p)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every directory below it.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // gone or unreadable: the compilation reports it
		}
		if err := w.fw.Add(p); err != nil {
			log.Warnf("rgc: cannot watch %s: %v", p, err)
		}
		return nil
	})
}

func (w *watcher) inTree(p string) bool {
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// relevant reports whether ev may change the input.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	// A chmod matters: a file that becomes readable again must be read
	// again (its content did not change, so no other event comes), and
	// `touch` is how operators ask for a reload. A reload that finds
	// nothing changed costs a read of the input.
	if w.inTree(ev.Name) {
		return true
	}
	return w.files[ev.Name] || strings.HasPrefix(filepath.Base(ev.Name), "..")
}

// run watches until ctx is done.
func (w *watcher) run(ctx context.Context) {
	defer w.fw.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // of the pending events; zero when none
	schedule := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		delay := min(w.debounce, first.Add(w.maxDelay).Sub(now))
		timer.Reset(max(delay, 0))
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if !w.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) && w.inTree(ev.Name) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name)
				}
			}
			schedule()
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			log.Warnf("rgc: watching the input: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				for _, r := range w.roots {
					w.addTree(r)
				}
				schedule()
			}
		case <-timer.C:
			first = time.Time{}
			w.reload()
		}
	}
}
