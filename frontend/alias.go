package frontend

import (
	"gopkg.in/yaml.v3"
)

// Alias limits. A document may use aliases, as kubectl expands them, but
// not so that its expansion dwarfs what was written: the classic "billion
// laughs" document is a few hundred bytes that expand to 10^9 nodes. The
// budget grows with the document so that a large input that shares a few
// anchors is never refused.
const (
	aliasBaseBudget = 100_000 // expanded nodes any document may have
	aliasRatio      = 10      // plus this many per node written
)

// aliasCheck measures the expansion of documents without performing it:
// the expanded size of each anchored node is computed once and reused for
// every alias to it, so the check is linear in the written size. Anchors
// outlive their document in yaml.v3, so one aliasCheck serves a whole
// decoder.
type aliasCheck struct {
	size   map[*yaml.Node]int  // expanded size of each anchored node
	active map[*yaml.Node]bool // anchored nodes being measured: an alias to one is a cycle

	written int        // nodes written in the current document
	cycle   *yaml.Node // the first alias that refers to its own ancestor
}

// aliasProblem is what check found.
type aliasProblem int

const (
	aliasOK aliasProblem = iota
	aliasCycle
	aliasBomb
)

// check measures doc. On aliasCycle, c.cycle is the offending alias.
func (c *aliasCheck) check(doc *yaml.Node) aliasProblem {
	c.written, c.cycle = 0, nil
	expanded := c.walk(doc)
	switch {
	case c.cycle != nil:
		return aliasCycle
	case expanded > aliasBaseBudget+aliasRatio*c.written:
		return aliasBomb
	}
	return aliasOK
}

// walk returns the expanded size of n, saturating instead of overflowing.
func (c *aliasCheck) walk(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	c.written++
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil {
			return 1
		}
		if c.active[t] {
			if c.cycle == nil {
				c.cycle = n
			}
			return 1
		}
		if s, ok := c.size[t]; ok {
			return s
		}
		// An alias always follows its anchor, so t was measured; keep a
		// safe answer should yaml.v3 ever differ.
		return 1
	}
	if n.Anchor != "" {
		if c.active == nil {
			c.active, c.size = map[*yaml.Node]bool{}, map[*yaml.Node]int{}
		}
		c.active[n] = true
	}
	s := 1
	for _, ch := range n.Content {
		s = satAdd(s, c.walk(ch))
	}
	if n.Anchor != "" {
		delete(c.active, n)
		c.size[n] = s
	}
	return s
}

func satAdd(a, b int) int {
	const limit = 1 << 50
	if a > limit-b {
		return limit
	}
	return a + b
}
