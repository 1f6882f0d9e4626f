package passes

import (
	"strings"

	"github.com/rgc-dev/rgc/ir"
)

// hostRx builds the Host predicate's regexp for hosts: dots escaped, an
// optional trailing dot and port allowed.
func hostRx(hosts ...string) string {
	if len(hosts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("^(")
	for i, h := range hosts {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(strings.ReplaceAll(h, ".", "[.]"))
		b.WriteString("[.]?(:[0-9]+)?")
	}
	b.WriteString(")$")
	return b.String()
}

func uniqueHosts(g *ir.RouteGroup) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(g.Hosts))
	for _, h := range g.Hosts {
		if !seen[h.V] {
			seen[h.V] = true
			out = append(out, h.V)
		}
	}
	return out
}

func hasSuffixAny(h string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// partitions splits a group's hosts into the external and the internal
// (east-west range) partition. The external partition exists when there
// are external hosts or no hosts at all.
func partitions(c *Context, g *ir.RouteGroup) []*ir.Partition {
	hosts := uniqueHosts(g)
	var internal, external []string
	if len(c.Opts.EastWestRangeDomains) == 0 {
		external = hosts
	} else {
		for _, h := range hosts {
			if hasSuffixAny(h, c.Opts.EastWestRangeDomains) {
				internal = append(internal, h)
			} else {
				external = append(external, h)
			}
		}
	}
	var ps []*ir.Partition
	if len(external) > 0 || len(hosts) == 0 {
		ps = append(ps, &ir.Partition{Group: g, Hosts: external, HostRx: hostRx(external...)})
	}
	if len(internal) > 0 {
		ps = append(ps, &ir.Partition{Group: g, Internal: true, Hosts: internal, HostRx: hostRx(internal...)})
	}
	return ps
}
