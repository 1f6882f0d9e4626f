package fastyaml

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A JSON List (kubectl get -o json) is one document holding every object.
// Rather than build the nodes of all of them at once, the reader can hand
// out the items one by one in the same memory: List checks the whole
// document first, without building nodes (a dry run of the same reader,
// so it bails out exactly where a real read would), and NextItem then
// reads the items in order.

// List reports whether the input is a JSON object with exactly one "kind"
// key, whose value is a string, and exactly one "items" key, whose value
// is an array, all in the subset; it returns the kind. After true, the
// items come from NextItem; after false, use Next.
func (r *Reader) List() (kind string, ok bool) {
	if !r.json || r.done {
		return "", false
	}
	p := r.p
	p.dry = true
	_, valid := p.json()
	p.dry = false
	p.rewind(0)
	if !valid {
		return "", false
	}
	i := p.skipSpace(0)
	if p.src[i] != '{' {
		return "", false
	}
	kinds, items := 0, 0
	isString := false
	i = p.skipSpace(i + 1)
	for p.src[i] != '}' {
		k, end := p.jsonString(i)
		i = p.skipSpace(p.skipSpace(end) + 1) // past ":"
		switch k {
		case "kind":
			kinds++
			if isString = p.src[i] == '"'; isString {
				kind, _ = p.jsonString(i)
			}
		case "items":
			items++
			if p.src[i] == '[' {
				r.items = mark{i: i, line: p.line, lineStart: p.lineStart}
			}
		}
		i = p.skipSpace(p.skipValue(i))
		if p.src[i] == ',' {
			i = p.skipSpace(i + 1)
		}
	}
	if kinds != 1 || items != 1 || !isString || r.items.line == 0 {
		p.rewind(0)
		return "", false
	}
	r.list = true
	return kind, true
}

// mark is a place in the input with its line.
type mark struct {
	i, line, lineStart int
}

// NextItem returns the next item of the List, or nil after the last. Its
// nodes are valid until the next call.
func (r *Reader) NextItem() *yaml.Node {
	if !r.list || r.done {
		return nil
	}
	p := r.p
	if r.next == 0 {
		p.line, p.lineStart = r.items.line, r.items.lineStart
		p.colOff, p.colN = p.lineStart, 1
		p.nonASCIILine = 0
		for j := p.lineStart; j < r.items.i; j++ {
			if p.src[j] >= utf8.RuneSelf {
				p.nonASCIILine = p.line
			}
		}
		r.next = p.skipSpace(r.items.i + 1)
	}
	if p.src[r.next] == ']' {
		r.done, r.rest = true, len(p.src)
		return nil
	}
	p.reset()
	n, i := p.jsonValue(r.next, 2) // root object 0, items 1, an item 2
	i = p.skipSpace(i)
	if p.src[i] == ',' {
		i = p.skipSpace(i + 1)
	}
	r.next = i
	return n
}

// rewind goes back to offset 0 of the input.
func (p *parser) rewind(i int) {
	p.line, p.lineStart, p.colOff, p.colN, p.nonASCIILine = 1, 0, 0, 1, 0
	p.stack = p.stack[:0]
	p.reset()
}

// skipValue returns the end of the JSON value at i, which the dry run
// has checked, counting its lines.
func (p *parser) skipValue(i int) int {
	switch p.src[i] {
	case '"':
		return skipString(p.src, i)
	case '{', '[':
		depth := 0
		for {
			switch p.src[i] {
			case '"':
				i = skipString(p.src, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			case '\n':
				p.newline(i + 1)
			case '\r':
				if p.src[i+1] != '\n' { // a CR before LF is counted at the LF
					p.newline(i + 1)
				}
			}
			i++
		}
	}
	for i < len(p.src) && !isEnd(p.src[i]) {
		i++ // a number, true, false or null
	}
	return i
}

// skipString returns the end of the checked JSON string at s[i].
func skipString(s string, i int) int {
	for i++; s[i] != '"'; i++ {
		if s[i] == '\\' {
			i++
		}
	}
	return i + 1
}

// isEnd reports whether c ends a scalar in a JSON object.
func isEnd(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r'
}
