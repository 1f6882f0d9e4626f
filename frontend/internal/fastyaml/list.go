package fastyaml

import (
	"strings"
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
	p.rewind()
	if !valid {
		return "", false
	}
	kinds, items := 0, 0
	isString := false
	for _, k := range p.rootKeys {
		if strings.IndexByte(k.raw, '\\') >= 0 {
			return "", false // an escaped key might read "kind" or "items"
		}
		switch k.raw {
		case "kind":
			kinds++
			if isString = p.src[k.at.i] == '"'; isString {
				kind, _ = p.jsonString(k.at.i)
			}
		case "items":
			items++
			if p.src[k.at.i] == '[' {
				r.items = k.at
			}
		}
	}
	if kinds != 1 || items != 1 || !isString || r.items.line == 0 {
		return "", false
	}
	r.list = true
	return kind, true
}

// place is a place in the input with its line.
type place struct {
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

// rewind goes back to the start of the input.
func (p *parser) rewind() {
	p.line, p.lineStart, p.colOff, p.colN, p.nonASCIILine = 1, 0, 0, 1, 0
	p.stack = p.stack[:0]
	p.reset()
}
