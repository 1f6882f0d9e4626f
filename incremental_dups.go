package rgc

import (
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// duplicates reports objects defined in more than one document, as the
// front end reports them within one load: each later definition replaces
// the one before it (RG008).
func (c *Compiler) duplicates() diag.List {
	var l diag.List
	for _, k := range sortedKeys(keysOf(c.where)) {
		names := sortedNames(c.where[k])
		var prev *ir.Meta
		for _, n := range names {
			for _, g := range c.docs[n].prog.Groups {
				if g.Key() != k {
					continue
				}
				if prev != nil {
					l.Add(duplicate(&g.Meta, prev))
				}
				prev = &g.Meta
			}
		}
	}
	for _, k := range sortedKeys(keysOf(c.clusterWhere)) {
		var prevSvc, prevEp *ir.Meta
		for _, n := range sortedNames(c.clusterWhere[k]) {
			p := c.docs[n].prog
			if s, ok := p.Services[k]; ok {
				if prevSvc != nil {
					l.Add(duplicate(&s.Meta, prevSvc))
				}
				prevSvc = &s.Meta
			}
			if e, ok := p.Endpoints[k]; ok {
				if prevEp != nil {
					l.Add(duplicate(&e.Meta, prevEp))
				}
				prevEp = &e.Meta
			}
		}
	}
	return l
}

func keysOf(m map[ir.Key]map[string]bool) map[ir.Key]bool {
	out := make(map[ir.Key]bool, len(m))
	for k, v := range m {
		if len(v) > 1 {
			out[k] = true
		}
	}
	return out
}

func duplicate(m, prev *ir.Meta) diag.Diagnostic {
	at := m.Name.Src
	if !at.IsValid() {
		at = m.Src
	}
	where := prev.Name.Src
	if !where.IsValid() {
		where = prev.Src
	}
	return diag.Diagnostic{Severity: diag.Warning, Code: diag.DuplicateObject, Span: at, Group: m.ID(),
		Path:    "metadata.name",
		Message: "duplicate " + m.Kind + " " + quote(m.ID()) + " replaces the one at " + where.String(),
		Hint:    "objects are identified by kind, namespace and name; the later one wins, as when both are applied to a cluster"}
}

func quote(s string) string { return `"` + s + `"` }
