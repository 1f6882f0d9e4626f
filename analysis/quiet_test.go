package analysis

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

// A line logged from within this package (as Skipper's specs log while the
// registry creates them) is silenced; a line logged elsewhere (here by
// logrus's own writer goroutine, as Skipper's proxy logs) is not.
func TestQuietProbe(t *testing.T) {
	var out syncBuffer
	std := logrus.StandardLogger()
	prevOut, prevLevel := std.Out, std.Level
	std.SetOutput(&out)
	std.SetLevel(logrus.InfoLevel)
	t.Cleanup(func() { std.SetOutput(prevOut); std.SetLevel(prevLevel) })
	QuietProbe()
	QuietProbe() // once per process

	logrus.Info("probe line")
	w := std.WriterLevel(logrus.InfoLevel)
	w.Write([]byte("proxy line\n"))
	w.Close()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "proxy line") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := out.String()
	if !strings.Contains(got, "proxy line") {
		t.Errorf("a line logged outside the probe was silenced: %q", got)
	}
	if strings.Contains(got, "probe line") {
		t.Errorf("a line logged by the probe reached the output: %q", got)
	}
	if n := len(std.Hooks[logrus.InfoLevel]); n != 1 {
		t.Errorf("%d hooks installed, want 1", n)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
