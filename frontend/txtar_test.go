package frontend

import (
	"bytes"
	"strings"
)

// A tiny reader and writer for the txtar format (golang.org/x/tools/txtar):
// a comment, then sections that each start with a "-- name --" line. rgc
// keeps it here rather than depend on x/tools for forty lines.

type archive struct {
	comment string
	files   []section
}

type section struct {
	name string
	data string
}

func parseTxtar(data string) *archive {
	a := &archive{}
	name, start := "", 0
	flush := func(end int) {
		if name == "" {
			a.comment = data[:end]
		} else {
			a.files = append(a.files, section{name, data[start:end]})
		}
	}
	for off := 0; off < len(data); {
		nl := strings.IndexByte(data[off:], '\n')
		line := data[off:]
		next := len(data)
		if nl >= 0 {
			line, next = data[off:off+nl], off+nl+1
		}
		if n, ok := marker(line); ok {
			flush(off)
			name, start = n, next
		}
		off = next
	}
	flush(len(data))
	return a
}

func marker(line string) (string, bool) {
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 7 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

func (a *archive) get(name string) (string, bool) {
	for _, f := range a.files {
		if f.name == name {
			return f.data, true
		}
	}
	return "", false
}

// set replaces or appends a section.
func (a *archive) set(name, data string) {
	for i := range a.files {
		if a.files[i].name == name {
			a.files[i].data = data
			return
		}
	}
	a.files = append(a.files, section{name, data})
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
