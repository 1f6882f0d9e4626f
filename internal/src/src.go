// Package src holds source files and positions: every byte rgc reads is
// addressed as a Span of a File, so a diagnostic can always say where.
//
// Lines and columns are 1-based; columns count runes, as yaml.v3 and
// participle count them. The byte offset is kept beside them so that tools
// can slice the file without re-counting.
package src

import (
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
	off := f.lines[line-1]
	for c := 1; c < col && off < len(f.Content) && f.Content[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(f.Content[off:])
		off += n
	}
	return off
}

// Pos returns the full position (with byte offset) of a line and column.
func (f *File) Pos(line, col int) Pos {
	off := f.OffsetOf(line, col)
	if off < 0 {
		return Pos{Line: line, Col: col}
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
	start := f.lines[n-1]
	end := len(f.Content)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	if end > start && f.Content[end-1] == '\r' {
		end--
	}
	return string(f.Content[start:end])
}

func (f *File) index() {
	f.once.Do(func() {
		f.lines = append(f.lines, 0)
		for i, b := range f.Content {
			if b == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	})
}
