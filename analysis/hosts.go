package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// claim is a host listed by a route group.
type claim struct {
	g     *ir.RouteGroup
	host  ir.Str
	index int
}

// hostClaims returns the hosts of the live groups, lower-cased (host
// names are case-insensitive), each with its claims in group order.
func hostClaims(p *pass) (map[string][]claim, []string) {
	claims := map[string][]claim{}
	for _, g := range p.groups() {
		if !p.live(g) {
			continue
		}
		seen := map[string]bool{}
		for i, h := range g.Hosts {
			k := strings.ToLower(h.V)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			claims[k] = append(claims[k], claim{g, h, i})
		}
	}
	hosts := make([]string, 0, len(claims))
	for h := range claims {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	return claims, hosts
}

// hostChecks reports hosts that route groups in different namespaces
// claim (RG603): in a shared cluster one team can take another's traffic
// that way. The first claim in namespace/name order is taken as the
// owner's; every claim from another namespace is reported. With
// -enable-kubernetes-east-west it also reports explicit hosts equal to
// another group's east-west host (RG604).
func hostChecks(p *pass) {
	claims, hosts := hostClaims(p)
	sev := diag.Warning
	if p.opts.Policy.ExclusiveHosts {
		sev = diag.Error
	}
	for _, h := range hosts {
		cs := claims[h]
		first := cs[0]
		for _, c := range cs[1:] {
			if c.g.Key().Namespace == first.g.Key().Namespace {
				continue
			}
			d := p.report(sev, diag.SharedHost, c.g, c.host.Src, fmt.Sprintf("spec.hosts[%d]", c.index),
				"host %q is also claimed by route group %s%s in namespace %q", c.host.V, first.g.ID(), where(first.host.Src), first.g.Key().Namespace)
			d.Hint = "Skipper merges the routes of both namespaces for this host; give each namespace its own hosts"
			if sev == diag.Error {
				d.Hint += " (-exclusive-hosts)"
			}
		}
	}
	if p.conv.EnableEastWest {
		eastWestCollisions(p, claims)
	}
}

// eastWestCollisions reports explicit hosts equal to the east-west host
// NAME.NAMESPACE.DOMAIN that another group gets (§7.2).
func eastWestCollisions(p *pass, claims map[string][]claim) {
	domain := strings.Trim(p.conv.EastWestDomain, ".")
	if domain == "" {
		domain = "skipper.cluster.local"
	}
	for _, g := range p.groups() {
		external, ok := externalHosts(g, p.conv.EastWestRangeDomains)
		if !p.live(g) || !ok || anySuffix(external, domain) {
			continue
		}
		k := g.Key()
		ew := strings.ToLower(k.Name + "." + k.Namespace + "." + domain)
		for _, c := range claims[ew] {
			if c.g == g {
				continue
			}
			p.report(diag.Warning, diag.EastWestHostCollision, c.g, c.host.Src, fmt.Sprintf("spec.hosts[%d]", c.index),
				"host %q is the east-west host of route group %s%s", c.host.V, g.ID(), where(g.Src)).Hint =
				"with -enable-kubernetes-east-west every group answers on NAME.NAMESPACE." + domain + "; use another host"
		}
	}
}

// externalHosts returns the hosts of g outside the east-west range
// domains, and whether g has an external partition: external hosts, or no
// hosts at all (§7.3).
func externalHosts(g *ir.RouteGroup, rangeDomains []string) ([]string, bool) {
	var out []string
	for _, h := range g.Hosts {
		if !hasSuffix(h.V, rangeDomains) {
			out = append(out, h.V)
		}
	}
	return out, len(out) > 0 || len(g.Hosts) == 0
}

func anySuffix(hosts []string, suffix string) bool {
	for _, h := range hosts {
		if strings.HasSuffix(h, suffix) {
			return true
		}
	}
	return false
}

func hasSuffix(h string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}
