package analysis

import (
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// origin is where a table route comes from: a group, a route entry (nil
// for a group without routes) and a backend reference. The east-west and
// redirect copies of a route share its origin.
type origin struct {
	g    *ir.RouteGroup
	spec *ir.RouteSpec
	ref  *ir.BackendRef
}

func (o origin) span() src.Span {
	switch {
	case o.spec != nil:
		return spanOr(o.spec.Src, o.g.Src)
	case o.ref != nil:
		return spanOr(o.ref.Src, o.g.Src)
	}
	return o.g.Src
}

func (o origin) path() string {
	switch {
	case o.spec != nil:
		return o.spec.Path
	case o.ref != nil:
		return o.ref.Path
	}
	return ""
}

// describe names the origin for a message about another route.
func (o origin) describe() string {
	s := "route group " + o.g.ID()
	if p := o.path(); p != "" {
		s = p + " of " + s
	}
	return s + where(o.span())
}

// duplicateRoutes reports routes that match exactly the same requests:
// for a host, equal predicates besides the host. Skipper's routing then
// picks one of them arbitrarily. The table holds the routes that survived
// id de-duplication (RG601 reports the others); catch-all and global
// routes are left out. Each pair of origins is reported once, at the later
// one in table order.
func duplicateRoutes(p *pass) {
	type entry struct {
		o   origin
		pos int
	}
	buckets := map[string][]entry{}
	for i, r := range p.table.Routes {
		if r.Group == nil || (r.Spec == nil && r.Ref == nil) {
			continue
		}
		hosts, rest := splitHosts(r.Predicates)
		if len(hosts) == 0 {
			hosts = []string{""}
		}
		for _, h := range hosts {
			k := h + "\x00" + rest
			buckets[k] = append(buckets[k], entry{origin{r.Group, r.Spec, r.Ref}, i})
		}
	}
	keys := make([]string, 0, len(buckets))
	for k, b := range buckets {
		if len(b) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	reported := map[[2]origin]bool{}
	for _, k := range keys {
		host, _, _ := strings.Cut(k, "\x00")
		b := buckets[k]
		for _, later := range b[1:] {
			first := b[0]
			pair := [2]origin{first.o, later.o}
			if first.o == later.o || reported[pair] {
				continue
			}
			reported[pair] = true
			on := ""
			if host != "" {
				on = " on host " + quote(host)
			}
			d := p.report(diag.Warning, diag.DuplicateRoute, later.o.g, later.o.span(), later.o.path(),
				"route matches exactly the same requests as %s%s", first.o.describe(), on)
			d.Hint = "Skipper picks one of the two routes arbitrarily; make their predicates differ, or remove one"
		}
	}
}

// splitHosts returns the hosts of the Host predicates rgc generated (from
// spec.hosts, or the east-west host) and the other predicates in a
// canonical form: rendered and sorted, so that their order does not
// matter, as it does not to Skipper. A Host predicate the user wrote is
// kept among the others.
func splitHosts(ps []*ir.Call) ([]string, string) {
	var hosts, rest []string
	for _, c := range ps {
		if c.Name == "Host" && !c.Src.IsValid() && len(c.Args) == 1 {
			if hs, ok := decodeHostRx(c.Args[0].Str); ok {
				hosts = append(hosts, hs...)
				continue
			}
		}
		rest = append(rest, callText(c))
	}
	sort.Strings(rest)
	return hosts, strings.Join(rest, " && ")
}

// hostSuffix ends each host alternative of a generated Host regexp (§7.1).
const hostSuffix = "[.]?(:[0-9]+)?"

// decodeHostRx recovers the hosts from a Host regexp that rgc generated:
// ^(h1|h2)$ with dots as [.] and each host followed by hostSuffix.
func decodeHostRx(rx string) ([]string, bool) {
	body, ok := strings.CutPrefix(rx, "^(")
	if !ok {
		return nil, false
	}
	if body, ok = strings.CutSuffix(body, ")$"); !ok {
		return nil, false
	}
	var out []string
	for _, alt := range strings.Split(body, "|") {
		h, ok := strings.CutSuffix(alt, hostSuffix)
		if !ok {
			return nil, false
		}
		out = append(out, strings.ToLower(strings.ReplaceAll(h, "[.]", ".")))
	}
	return out, true
}
