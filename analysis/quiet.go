package analysis

import (
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/sirupsen/logrus"
)

// QuietProbe silences, in the standard logrus logger that Skipper logs
// to, the lines that Skipper's filter and predicate specs print while this
// package builds its registry and creates filters and predicates to check
// their arguments: those findings are diagnostics, the lines noise. Every
// other line (Skipper's proxy and routing, rgc serve's reloads) still
// reaches the logger's output, whatever output and formatter it has. It is
// installed once per process; a later call does nothing.
func QuietProbe() {
	quietOnce.Do(func() { logrus.AddHook(probeHook{}) })
}

var (
	quietOnce sync.Once
	// discard takes the probe's lines: the hook points an entry's Logger
	// at it, and logrus writes an entry through its Logger after firing
	// the hooks.
	discard = &logrus.Logger{Out: io.Discard, Formatter: new(logrus.TextFormatter),
		Hooks: logrus.LevelHooks{}, Level: logrus.TraceLevel}
)

// probeHook recognises a line logged from within this package's calls
// into Skipper by the calling goroutine's stack; only lines pay for it.
type probeHook struct{}

func (probeHook) Levels() []logrus.Level { return logrus.AllLevels }

func (probeHook) Fire(e *logrus.Entry) error {
	if inProbe() {
		e.Logger = discard
	}
	return nil
}

const thisPackage = "github.com/rgc-dev/rgc/analysis."

func inProbe() bool {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, thisPackage) && !strings.HasPrefix(f.Function, thisPackage+"probeHook") {
			return true
		}
		if !more {
			return false
		}
	}
}
