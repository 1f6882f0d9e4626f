// Package src holds source files and positions: every byte rgc reads is
// addressed as a Span of a File, so a diagnostic can always say where.
//
// Lines and columns are 1-based; columns count runes, as yaml.v3 and
// participle count them. The byte offset is kept beside them so that tools
// can slice the file without re-counting.
package src

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"
)

// File is one input: a path (or "-" for standard input) and its content.
type File struct {
	Name    string
	Content []byte

	once  sync.Once
	lines []int // byte offset of the start of each line, built lazily
}

// NewFile returns a File for name with content.
func NewFile(name string, content []byte) *File {
	return &File{Name: name, Content: content}
}

// Pos is a position in a File. The zero Pos is "unknown".
type Pos struct {
	Line   int // 1-based
	Col    int // 1-based, in runes
	Offset int // 0-based byte offset
}

// IsValid reports whether p is a known position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders p as "line:col", or "-" when p is not valid.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Span is a range [Start, End) in a file. End may be the zero Pos when only
// the start is known.
type Span struct {
	File  *File
	Start Pos
	End   Pos
}

// IsValid reports whether s points somewhere.
func (s Span) IsValid() bool { return s.File != nil && s.Start.IsValid() }

// FileName returns the name of the file, or "" for an unknown span.
func (s Span) FileName() string {
	if s.File == nil {
		return ""
	}
	return s.File.Name
}

// String renders the start of s as "file:line:col", the file name alone
// when the position is unknown, or "-" without a file.
func (s Span) String() string {
	if s.File == nil {
		return "-"
	}
	if !s.Start.IsValid() {
		return s.File.Name
	}
	return s.File.Name + ":" + s.Start.String()
}

// PosAt returns the position of the byte offset off in f. Offsets past the
// end are clamped to the end of the file.
func (f *File) PosAt(off int) Pos {
	if f == nil {
		return Pos{}
	}
	if off < 0 {
		off = 0
	}
	if off > len(f.Content) {
		off = len(f.Content)
	}
	f.index()
	// binary search for the line holding off
	lo, hi := 0, len(f.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := f.lines[lo]
	return Pos{Line: lo + 1, Col: utf8.RuneCount(f.Content[start:off]) + 1, Offset: off}
}

// OffsetOf returns the byte offset of a 1-based line and rune column, or -1
// when the line does not exist. Columns past the end of the line are clamped
// to its end.
func (f *File) OffsetOf(line, col int) int {
	if f == nil || line < 1 {
		return -1
	}
	f.index()
	if line > len(f.lines) {
		return -1
	}
	off, end := f.lines[line-1], f.lineEnd(line)
	for c := 1; c < col && off < end; c++ {
		_, n := utf8.DecodeRune(f.Content[off:])
		off += n
	}
	return off
}

// Pos returns the full position (with byte offset) of a line and column.
func (f *File) Pos(line, col int) Pos {
	off := f.OffsetOf(line, col)
	if off < 0 {
		// past the end (a syntax error at the end of the input)
		return f.PosAt(len(f.Content))
	}
	return Pos{Line: line, Col: col, Offset: off}
}

// Line returns the text of the 1-based line n without its newline.
func (f *File) Line(n int) string {
	if f == nil || n < 1 {
		return ""
	}
	f.index()
	if n > len(f.lines) {
		return ""
	}
	return string(f.Content[f.lines[n-1]:f.lineEnd(n)])
}

// index records where lines start. Lines break as yaml.v3 breaks them, so
// that its line numbers and ours agree: at "\n", "\r\n", a lone "\r",
// U+0085, U+2028 and U+2029.
func (f *File) index() {
	f.once.Do(func() {
		c := f.Content
		f.lines = make([]int, 1, 1+bytes.Count(c, []byte{'\n'}))
		for i := 0; i < len(c); i++ {
			if c[i] < 0x80 && c[i] != '\n' && c[i] != '\r' {
				continue // the common case, without a call
			}
			if n := breakLen(c, i); n > 0 {
				i += n - 1
				f.lines = append(f.lines, i+1)
			}
		}
	})
}

// breakLen returns the length of the line break at c[i], or 0.
func breakLen(c []byte, i int) int {
	if b, ok := breakAt(c, i); ok {
		return b.size
	}
	return 0
}

// lineEnd returns the offset where line n's text ends, before its break.
func (f *File) lineEnd(n int) int {
	end := len(f.Content)
	if n < len(f.lines) {
		end = f.lines[n]
		for k := f.lines[n-1]; k < end; k++ {
			if breakLen(f.Content, k) > 0 {
				return k
			}
		}
	}
	return end
}
