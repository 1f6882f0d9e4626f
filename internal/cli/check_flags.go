package cli

import (
	"flag"
	"strings"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/analysis"
)

// analysisFlags are the flags of the analyses (rgc check, rgc compile
// -analyze): policy, severity levels, and check's output.
type analysisFlags struct {
	analyze        bool // compile only; check always analyses
	denyFilters    nameList
	denyPredicates nameList
	allowHosts     regexpList
	maxRoutes      int
	exclusiveHosts bool
	levels         analysis.Levels
}

// registerAnalysis registers the analysis flags of s.cmd.
func (s *settings) registerAnalysis(fs *flag.FlagSet) {
	a, c := &s.analysis, &s.cli
	s.group(fs, "Analysis flags", false, func() {
		if s.cmd == "check" {
			fs.StringVar(&c.output, "o", "text", "diagnostics `format`: text (file:line:col: severity: ... with the source line), json, sarif (SARIF 2.1.0 for code scanning) or github (GitHub Actions annotations); json, sarif and github go to standard output")
			fs.StringVar(&c.color, "color", "auto", "colour text diagnostics: `mode` auto (when standard error is a terminal and NO_COLOR is unset), always or never")
		} else {
			fs.BoolVar(&a.analyze, "analyze", false, "also run rgc check's analyses: registry checks, cross-group analysis and the policy flags")
		}
		fs.Var(&a.levels, "W", "set the severity of a diagnostic code: `CODE=LEVEL`, LEVEL one of error, warning, info, ignore; repeatable; conversion errors (RG0xx to RG4xx) stay errors")
		fs.BoolVar(&a.levels.Werror, "Werror", false, "make every warning an error (a -W level for a code wins)")
		fs.Var(&a.denyFilters, "deny-filters", "policy: comma separated filter `names` routes must not use, e.g. lua,static,inlineContent; repeatable")
		fs.Var(&a.denyPredicates, "deny-predicates", "policy: comma separated predicate `names` routes must not use; repeatable")
		fs.Var(&a.allowHosts, "allow-backend-host", "policy: `regexp` one of which the host of every network address and lb endpoint must match (unanchored); repeatable")
		fs.IntVar(&a.maxRoutes, "max-routes-per-group", 0, "policy: the most routes one route group may add to the table; 0 means no limit")
		fs.BoolVar(&a.exclusiveHosts, "exclusive-hosts", false, "policy: a host that route groups in different namespaces claim is an error, not a warning")
	})
}

// finishAnalysis checks the analysis flags and sets o.Analyzer: always
// for check, for compile with -analyze (or only to apply -W and -Werror).
func (s *settings) finishAnalysis(o *rgc.Options) error {
	a := &s.analysis
	if s.cmd == "check" {
		switch s.cli.output {
		case "text", "json", "sarif", "github":
		default:
			return usagef("invalid value %q for flag -o: want text, json, sarif or github", s.cli.output)
		}
		switch s.cli.color {
		case "auto", "always", "never":
		default:
			return usagef("invalid value %q for flag -color: want auto, always or never", s.cli.color)
		}
	}
	if a.maxRoutes < 0 {
		return usagef("invalid value %d for flag -max-routes-per-group: want 0 or more", a.maxRoutes)
	}
	ao := analysis.Options{
		Registry:   true,
		CrossGroup: true,
		Levels:     a.levels,
		Policy: analysis.Policy{
			DenyFilters:         a.denyFilters.values,
			DenyPredicates:      a.denyPredicates.values,
			AllowedBackendHosts: a.allowHosts.rxs,
			MaxRoutesPerGroup:   a.maxRoutes,
			ExclusiveHosts:      a.exclusiveHosts,
		},
	}
	if s.cmd == "compile" && !a.analyze {
		if n := s.policyFlagGiven(); n != "" {
			return usagef("flag -%s needs -analyze", n)
		}
		if ao.Levels.IsZero() {
			return nil
		}
		ao.Registry, ao.CrossGroup = false, false
	}
	if ao.Registry {
		// Skipper's filter specs log through logrus while rgc creates
		// them; the findings are diagnostics, those lines noise. Only
		// they are silenced: rgc serve's log (Skipper's own lines and
		// rgc's reloads) goes to the same logger.
		analysis.QuietProbe()
	}
	o.Analyzer = analysis.New(ao)
	return nil
}

func (s *settings) policyFlagGiven() string {
	a := &s.analysis
	switch {
	case len(a.denyFilters.values) > 0:
		return "deny-filters"
	case len(a.denyPredicates.values) > 0:
		return "deny-predicates"
	case len(a.allowHosts.rxs) > 0:
		return "allow-backend-host"
	case a.maxRoutes != 0:
		return "max-routes-per-group"
	case a.exclusiveHosts:
		return "exclusive-hosts"
	}
	return ""
}

// nameList collects comma separated names over every use of its flag.
type nameList struct{ values []string }

func (n *nameList) String() string { return strings.Join(n.values, ",") }

func (n *nameList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			n.values = append(n.values, v)
		}
	}
	return nil
}
