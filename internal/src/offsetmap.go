package src

// ScalarStyle is how a YAML scalar was written; it decides how offsets in
// the decoded value map back to the file.
type ScalarStyle int

const (
	Plain ScalarStyle = iota
	SingleQuoted
	DoubleQuoted
	Literal
	Folded
)

// OffsetMap maps byte offsets in a decoded scalar value back to positions
// in the file that holds the scalar.
type OffsetMap struct {
	File  *File
	Start Pos // position of the scalar's first character (quote or indicator)
	Style ScalarStyle
	Value string
}

// NewOffsetMap returns the map for a scalar that starts at start in f.
// TODO(expr helper): implement exact mapping for every style.
func NewOffsetMap(f *File, start Pos, style ScalarStyle, value string) *OffsetMap {
	return &OffsetMap{File: f, Start: start, Style: style, Value: value}
}

// Pos returns the file position of byte offset off in the decoded value,
// and whether it is exact; when it is not, the scalar's start is returned.
func (m *OffsetMap) Pos(off int) (Pos, bool) {
	if m == nil {
		return Pos{}, false
	}
	return m.Start, false
}

// Span returns the span of [start, end) in the decoded value and whether it
// is exact.
func (m *OffsetMap) Span(start, end int) (Span, bool) {
	if m == nil {
		return Span{}, false
	}
	s, ok1 := m.Pos(start)
	e, ok2 := m.Pos(end)
	return Span{File: m.File, Start: s, End: e}, ok1 && ok2
}
