package src

import (
	"bytes"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// naive answers lookups the obvious way, scanning from the start of the
// file: the meaning File's index must keep.
type naive struct {
	c      []byte
	starts []int
}

// lines returns the start of every line, breaking where breakAt breaks.
func (n *naive) lines() []int {
	if n.starts != nil {
		return n.starts
	}
	starts := []int{0}
	for i := 0; i < len(n.c); i++ {
		if b := breakLen(n.c, i); b > 0 {
			i += b - 1
			starts = append(starts, i+1)
		}
	}
	n.starts = starts
	return starts
}

func (n *naive) lineEnd(starts []int, line int) int {
	if line >= len(starts) {
		return len(n.c)
	}
	for k := starts[line-1]; k < starts[line]; k++ {
		if breakLen(n.c, k) > 0 {
			return k
		}
	}
	return starts[line]
}

func (n *naive) posAt(off int) Pos {
	off = min(max(off, 0), len(n.c))
	starts := n.lines()
	line := 0
	for line+1 < len(starts) && starts[line+1] <= off {
		line++
	}
	return Pos{Line: line + 1, Col: utf8.RuneCount(n.c[starts[line]:off]) + 1, Offset: off}
}

func (n *naive) offsetOf(line, col int) int {
	starts := n.lines()
	if line < 1 || line > len(starts) {
		return -1
	}
	off, end := starts[line-1], n.lineEnd(starts, line)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(n.c[off:])
		off += size
	}
	return off
}

// pieces are what the random files are made of: every line break yaml.v3
// knows, runes of every length, invalid and cut UTF-8.
var pieces = []string{
	"a", "key: value", " ", "\t", "\n", "\r\n", "\r", "\r\r\n", "\u0085", "\u2028", "\u2029",
	"é", "€", "😀", "\xe2\x80", "\xff", "\xc2", "\xe2\x80\n", "\n\n",
}

func randomContent(r *rand.Rand) []byte {
	var b bytes.Buffer
	for range r.IntN(40) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.Bytes()
}

// TestLookupsAgreeWithScan checks every offset, line and column of random
// files (and a few written ones) against the scan from the start.
func TestLookupsAgreeWithScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	inputs := []string{"", "\n", "abc", "a\r\nb", "é\u2028x\u0085y\rz", "\xe2\x80\xa8\xe2\x80"}
	for range 2000 {
		inputs = append(inputs, string(randomContent(r)))
	}
	for _, in := range inputs {
		c := []byte(in)
		f, ref := NewFile("t", c), &naive{c: c}
		for off := -1; off <= len(c)+1; off++ {
			if got, want := f.PosAt(off), ref.posAt(off); got != want {
				t.Fatalf("%q: PosAt(%d) = %+v, want %+v", in, off, got, want)
			}
		}
		starts := ref.lines()
		for line := 0; line <= len(starts)+1; line++ {
			for col := 0; col <= len(c)+2; col++ {
				if got, want := f.OffsetOf(line, col), ref.offsetOf(line, col); got != want {
					t.Fatalf("%q: OffsetOf(%d, %d) = %d, want %d", in, line, col, got, want)
				}
			}
			if line >= 1 && line <= len(starts) {
				if got, want := f.Line(line), string(c[starts[line-1]:ref.lineEnd(starts, line)]); got != want {
					t.Fatalf("%q: Line(%d) = %q, want %q", in, line, got, want)
				}
			}
		}
	}
}

// TestLookupSteps holds position lookups to O(log n) on a file whose lines
// are long, with multi-byte runes and every kind of line break: a lookup
// that scans its line (as lineEnd once did, testing every byte for a
// break) or counts runes from the start of the line takes thousands of
// steps here.
func TestLookupSteps(t *testing.T) {
	var b strings.Builder
	breaks := []string{"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029"}
	for i := range 600 {
		for j := range 400 {
			if j%7 == 0 {
				b.WriteString("é€😀"[j%3*2 : j%3*2+2]) // cut runes too
			}
			b.WriteByte('a' + byte(j%26))
		}
		b.WriteString(breaks[i%len(breaks)])
	}
	c := []byte(b.String())
	f := NewFile("long", c)
	f.index()
	// One step per probe of at most three binary searches over the lines
	// or the multi-byte runes, and three to read a line break backwards.
	limit := int64(3*(bits.Len(uint(len(c)))+1) + 3)
	check := func(what string, do func()) {
		t.Helper()
		l0, s0 := f.Steps()
		do()
		l1, s1 := f.Steps()
		if l1-l0 != 1 {
			t.Fatalf("%s: %d lookups counted, want 1", what, l1-l0)
		}
		if s1-s0 > limit {
			t.Fatalf("%s took %d steps, want at most %d (O(log n) in a %d-byte file)", what, s1-s0, limit, len(c))
		}
	}
	for off := 0; off < len(c); off += 997 {
		p := f.PosAt(off)
		check("PosAt", func() { f.PosAt(off) })
		check("OffsetOf", func() { f.OffsetOf(p.Line, p.Col) })
		check("OffsetOf(line, 1)", func() { f.OffsetOf(p.Line, 1) })
		check("OffsetOf past the end of the line", func() { f.OffsetOf(p.Line, 1<<20) })
	}
}
