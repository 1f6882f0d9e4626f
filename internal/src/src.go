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
	"sync/atomic"
	"unicode/utf8"
)

// File is one input: a path (or "-" for standard input) and its content.
// Content must not change once the File is made: positions are indexed
// from it, and the front end decodes strings that share its memory rather
// than copying the input.
type File struct {
	Name    string
	Content []byte

	once  sync.Once
	lines []int // byte offset of the start of each line, built lazily
	wide  []int // byte offset of each multi-byte rune, built with lines
	cum   []int // cum[k]: continuation bytes of wide[:k]; len(wide)+1 entries

	lookups, steps atomic.Int64 // see Steps
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
// end are clamped to the end of the file. It takes O(log n) steps: a binary
// search for the line and, on lines with multi-byte runes, one for the
// column (see index).
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
	f.lookups.Add(1)
	// the last line starting at or before off
	line := f.search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lines[line]
	return Pos{Line: line + 1, Col: off - start - f.extra(start, off) + 1, Offset: off}
}

// search is sort.Search, counting its steps.
func (f *File) search(n int, after func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		f.steps.Add(1)
		mid := int(uint(lo+hi) >> 1)
		if !after(mid) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// extra returns how many more bytes than runes lie in [from, to): the
// continuation bytes of the whole multi-byte runes there. A rune cut by to
// counts its bytes as runes, as utf8.RuneCount counts an incomplete rune.
func (f *File) extra(from, to int) int {
	if len(f.wide) == 0 {
		return 0
	}
	i := f.search(len(f.wide), func(k int) bool { return f.wide[k] >= from })
	j := f.search(len(f.wide), func(k int) bool { return f.wide[k] >= to })
	if j > i && f.wide[j-1]+f.wideSize(j-1) > to {
		j-- // cut by to
	}
	return f.cum[j] - f.cum[i]
}

// wideSize is the length in bytes of the k-th multi-byte rune.
func (f *File) wideSize(k int) int { return f.cum[k+1] - f.cum[k] + 1 }

// OffsetOf returns the byte offset of a 1-based line and rune column, or -1
// when the line does not exist. Columns past the end of the line are clamped
// to its end. It takes O(log n) steps, as PosAt.
func (f *File) OffsetOf(line, col int) int {
	if f == nil || line < 1 {
		return -1
	}
	f.index()
	if line > len(f.lines) {
		return -1
	}
	f.lookups.Add(1)
	start, end := f.lines[line-1], f.lineEnd(line)
	if col <= 1 {
		return start
	}
	off := start + col - 1 // when the line has only one-byte runes before col
	if len(f.wide) > 0 {
		// The last multi-byte rune of the line that starts before column
		// col; the bytes after it up to col are one rune each.
		i := f.search(len(f.wide), func(k int) bool { return f.wide[k] >= start })
		n := f.search(len(f.wide)-i, func(k int) bool {
			w := f.wide[i+k]
			return w >= end || w-start-(f.cum[i+k]-f.cum[i])+1 >= col
		})
		if n > 0 {
			k := i + n - 1
			wcol := f.wide[k] - start - (f.cum[k] - f.cum[i]) + 1
			off = f.wide[k] + f.wideSize(k) + col - wcol - 1
		}
	}
	return min(off, end)
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

// Steps returns how many position lookups (PosAt, OffsetOf, Pos) f has
// answered so far and how many steps they took: one per probe of a binary
// search, one per byte of Content examined. Tests use it to hold lookups to
// O(log n), a counter where a timer would be noise; so any code that reads
// Content to answer a lookup must count here.
func (f *File) Steps() (lookups, steps int64) { return f.lookups.Load(), f.steps.Load() }

// index records where lines start and where the multi-byte runes are.
// Lines break as yaml.v3 breaks them, so that its line numbers and ours
// agree: at "\n", "\r\n", a lone "\r", U+0085, U+2028 and U+2029.
// Columns count runes; the multi-byte runes, with a running count of
// their continuation bytes, turn a byte offset into a column (and back)
// by binary search, and cost nothing on ASCII input.
func (f *File) index() {
	f.once.Do(func() {
		c := f.Content
		f.lines = make([]int, 1, 1+bytes.Count(c, []byte{'\n'}))
		for i := 0; i < len(c); {
			if c[i] < 0x80 && c[i] != '\n' && c[i] != '\r' {
				i++ // the common case, without a call
				continue
			}
			n := 1
			if c[i] >= 0x80 {
				if _, n = utf8.DecodeRune(c[i:]); n > 1 {
					if f.cum == nil {
						f.cum = []int{0}
					}
					f.wide = append(f.wide, i)
					f.cum = append(f.cum, f.cum[len(f.cum)-1]+n-1)
				}
			}
			if b := breakLen(c, i); b > 0 {
				i += b
				f.lines = append(f.lines, i)
			} else {
				i += n
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
// The next line starts right after the break, so the break is read
// backwards from there: O(1), whatever the length of the line.
func (f *File) lineEnd(n int) int {
	if n >= len(f.lines) {
		return len(f.Content) // the last line has no break
	}
	c, start, end := f.Content, f.lines[n-1], f.lines[n]
	for size := 3; size >= 1; size-- {
		f.steps.Add(1)
		if end-size >= start && breakLen(c, end-size) == size {
			return end - size
		}
	}
	return end // not reached: index starts a line only after a break
}
