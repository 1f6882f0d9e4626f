package analysis

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// policyChecks applies the policy rules to every route group that
// Skipper would load (groups of another class are not its business):
// denied filters and predicates (RG701, RG702), backend hosts (RG703) and
// the number of routes per group (RG704).
func policyChecks(p *pass) {
	pol := &p.opts.Policy
	denyF, denyP := set(pol.DenyFilters), set(pol.DenyPredicates)
	counts := routesPerGroup(p.table)
	for _, g := range p.groups() {
		if !p.checked(g) {
			continue
		}
		for _, r := range g.Routes {
			denied(p, g, r.Predicates, denyP, diag.DeniedPredicate, "predicate", "-deny-predicates")
			denied(p, g, r.Filters, denyF, diag.DeniedFilter, "filter", "-deny-filters")
		}
		if len(pol.AllowedBackendHosts) > 0 {
			backendHosts(p, g, pol.AllowedBackendHosts)
		}
		if n := counts[g]; pol.MaxRoutesPerGroup > 0 && n > pol.MaxRoutesPerGroup {
			p.report(diag.Error, diag.TooManyRoutes, g, spanOr(g.Name.Src, g.Src), "metadata.name",
				"route group adds %d routes to the table, more than %d", n, pol.MaxRoutesPerGroup).Hint =
				"-max-routes-per-group; each route entry gives a route per method and backend, and HTTPS redirect and east-west copies"
		}
	}
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func denied(p *pass, g *ir.RouteGroup, exprs []*ir.Expr, deny map[string]bool, code diag.Code, noun, flag string) {
	if len(deny) == 0 {
		return
	}
	for _, e := range exprs {
		for _, c := range e.Calls {
			if deny[c.Name] {
				p.report(diag.Error, code, g, spanOr(c.NameSrc, e.Text.Src), e.Path,
					"%s %q is not allowed", noun, c.Name).Hint = "the policy (" + flag + ") forbids it"
			}
		}
	}
}

// backendHosts checks the hosts of network addresses and lb endpoints
// against the allowed expressions. An address that does not parse is
// never allowed.
func backendHosts(p *pass, g *ir.RouteGroup, allowed []*regexp.Regexp) {
	check := func(b *ir.Backend, s ir.Str, path string) {
		host, ok := hostOf(s.V)
		if ok && matchesAny(allowed, host) {
			return
		}
		p.report(diag.Error, diag.BackendHostNotAllowed, g, spanOr(s.Src, b.Src), path,
			"backend host %q of backend %q is not allowed", host, b.Name.V).Hint =
			"the policy (-allow-backend-host) allows hosts matching " + describeRegexps(allowed)
	}
	for _, b := range g.Backends {
		switch b.Type {
		case ir.NetworkBackend:
			if b.Address.V != "" {
				check(b, b.Address, b.Path+".address")
			}
		case ir.LBBackend:
			for i, ep := range b.Endpoints {
				check(b, ep, fmt.Sprintf("%s.endpoints[%d]", b.Path, i))
			}
		}
	}
}

func hostOf(address string) (string, bool) {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return address, false
	}
	return u.Hostname(), true
}

func matchesAny(rxs []*regexp.Regexp, s string) bool {
	for _, rx := range rxs {
		if rx.MatchString(s) {
			return true
		}
	}
	return false
}

func describeRegexps(rxs []*regexp.Regexp) string {
	qs := make([]string, len(rxs))
	for i, rx := range rxs {
		qs[i] = quote(rx.String())
	}
	return strings.Join(qs, ", ")
}

func routesPerGroup(t *ir.Table) map[*ir.RouteGroup]int {
	m := map[*ir.RouteGroup]int{}
	for _, r := range t.Routes {
		if r.Group != nil {
			m[r.Group]++
		}
	}
	return m
}
