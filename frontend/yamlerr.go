package frontend

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
)

// yamlMark is where yaml.v3's parser found a problem.
type yamlMark struct {
	problemLine, problemCol int    // 0-based, in runes; valid when ok
	contextLine, contextCol int    // 0-based; the construct being parsed
	context                 string // e.g. "while parsing a flow sequence"
	readerOffset            int    // byte offset, for reader errors
	reader                  bool   // a reader error (encoding, control characters)
	ok                      bool
}

// yaml.v3 error types (yaml_error_type_t).
const (
	yamlReaderError  = 2
	yamlScannerError = 3
	yamlParserError  = 4
)

// parserMark reads the problem position of dec's last error. yaml.v3 keeps
// it in unexported fields and puts only a line in the message, and that
// line is the start of the enclosing construct, counted from 0 for parser
// errors and omitted on the first line. The position matters more to users
// than the message, so rgc reads the fields by reflection (reading is
// allowed, unlike writing); yaml.v3 is frozen at v3.0.1, and
// TestSyntaxErrorPositions fails should the fields ever move, while
// syntaxPos falls back to the message.
func parserMark(dec *yaml.Decoder) (m yamlMark) {
	defer func() {
		if recover() != nil {
			m = yamlMark{}
		}
	}()
	v := reflect.ValueOf(dec).Elem().FieldByName("parser")
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return m
	}
	p := v.Elem().FieldByName("parser")
	if !p.IsValid() || p.Kind() != reflect.Struct {
		return m
	}
	typ := p.FieldByName("error").Int()
	switch typ {
	case yamlReaderError:
		m.reader = true
		m.readerOffset = int(p.FieldByName("problem_offset").Int())
		m.ok = true
	case yamlScannerError, yamlParserError:
		pm, cm := p.FieldByName("problem_mark"), p.FieldByName("context_mark")
		m.problemLine = int(pm.FieldByName("line").Int())
		m.problemCol = int(pm.FieldByName("column").Int())
		m.contextLine = int(cm.FieldByName("line").Int())
		m.contextCol = int(cm.FieldByName("column").Int())
		m.context = p.FieldByName("context").String()
		m.ok = true
	}
	return m
}

var (
	lineRx   = regexp.MustCompile(`^line (\d+): `)
	anchorRx = regexp.MustCompile(`^unknown anchor '([^']*)' referenced`)
)

// syntaxError reports a YAML syntax error of the current chunk and returns
// the byte offset of the problem in the file.
func (l *loader) syntaxError(dec *yaml.Decoder, err error, chunkStart int) int {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRx.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		line, _ = strconv.Atoi(m[1])
	}
	mark := parserMark(dec)
	span := src.Span{File: l.file}
	hint := syntaxHints[msg]
	switch {
	case mark.ok && mark.reader:
		span.Start = l.file.PosAt(chunkStart + mark.readerOffset)
	case mark.ok:
		span.Start = l.file.Pos(l.lineBase+mark.problemLine+1, mark.problemCol+1)
		if mark.context != "" && (mark.contextLine != mark.problemLine || mark.contextCol != mark.problemCol) {
			h := fmt.Sprintf("%s that starts at %d:%d", mark.context, l.lineBase+mark.contextLine+1, mark.contextCol+1)
			hint = joinHints(h, hint)
		}
	default:
		span.Start = l.fallbackPos(msg, line, chunkStart)
	}
	if off := span.Start.Offset; span.Start.IsValid() && off < len(l.file.Content) && l.file.Content[off] == '\t' {
		hint = "indent with spaces; YAML does not allow tabs"
	} else if span.Start.IsValid() {
		hint = tokenHint(l.file.Content, span.Start.Offset, msg, hint)
	}
	d := l.diags.Addf(diag.Error, diag.YAMLSyntax, span, "", "%s", msg)
	d.Hint = hint
	if !span.Start.IsValid() {
		return chunkStart
	}
	return span.Start.Offset
}

func joinHints(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// syntaxHints give advice for the syntax errors people make most.
var syntaxHints = map[string]string{
	"found a tab character that violates indentation": "indent with spaces; YAML does not allow tabs",
	"mapping values are not allowed in this context":  `quote values that contain ": "`,
	"did not find expected key":                       "check the indentation of this line",
	"found unknown escape character":                  `in double quotes write \\ for a backslash, or use single quotes`,
}

// fallbackPos finds a position when the parser state could not be read:
// the line the message names (counted as yaml.v3 counts it), or the first
// use of an unknown anchor.
func (l *loader) fallbackPos(msg string, line, chunkStart int) src.Pos {
	if m := anchorRx.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(l.file.Content[chunkStart:], []byte("*"+m[1])); i >= 0 {
			return l.file.PosAt(chunkStart + i)
		}
	}
	if line == 0 {
		line = 1
	}
	return l.file.Pos(l.lineBase+line, 1)
}

// nextDocument returns the offset of the first line after off that starts
// a document ("---"), so that decoding can resume after a syntax error, or
// -1 when there is none. A "---" at the start of a line always ends the
// document before it, even inside a block scalar, so resuming there is
// safe.
func nextDocument(b []byte, off int) int {
	for {
		nl := bytes.IndexByte(b[off:], '\n')
		if nl < 0 {
			return -1
		}
		off += nl + 1
		if bytes.HasPrefix(b[off:], []byte("---")) {
			rest := b[off+3:]
			if len(rest) == 0 || isSpace(rest[0]) {
				return off
			}
		}
	}
}
