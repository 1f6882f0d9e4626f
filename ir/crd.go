package ir

// CRDRule is one constraint of the RouteGroup CRD's OpenAPI schema
// (dataclients/kubernetes/deploy/apply/routegroups_crd.yaml in Skipper's
// module): the contract `kubectl apply` enforces. frontend's
// TestCRDRulesMatchSkipper derives the same list from that file, so a
// Skipper upgrade that changes the schema fails a test until this table,
// and the checks that read it, follow.
type CRDRule struct {
	// Path in the schema: fields joined by ".", "[]" for a list's items;
	// "" is the object itself.
	Path string
	// Kind is required, minItems, maxLength, minimum, enum, pattern or
	// set (x-kubernetes-list-type: set: no item twice).
	Kind string
	// Arg is the constraint's value: the required field, the bound, the
	// enum's values joined by "|", or the pattern.
	Arg string
	// Code reports a violation; By says where, for rules a dedicated
	// check enforces, or why rgc does not apply the rule.
	Code string
	By   string
}

// CRDRules lists every constraint of the RouteGroup CRD of Skipper
// v0.27.54 beyond the types of fields (types are RG004).
var CRDRules = []CRDRule{
	{Path: "", Kind: "required", Arg: "spec", Code: "RG010", By: "frontend: route group without spec"},
	{Path: "spec", Kind: "required", Arg: "backends", Code: "RG201", By: "passes/validate.go"},
	{Path: "spec.backends[]", Kind: "required", Arg: "name", Code: "RG202", By: "passes/validate.go"},
	{Path: "spec.backends[]", Kind: "required", Arg: "type", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.backends[].algorithm", Kind: "enum", Arg: "roundRobin|random|consistentHash|powerOfRandomNChoices|weightedRoundRobin|leastRequests", Code: "RG205", By: "passes/validate.go"},
	{Path: "spec.backends[].endpoints", Kind: "minItems", Arg: "1", Code: "RG210", By: "passes/validate.go (lb backends); frontend/crd.go (others)"},
	{Path: "spec.backends[].type", Kind: "enum", Arg: "service|shunt|loopback|dynamic|lb|network", Code: "RG204", By: "passes/validate.go; forward, which Skipper's converter knows but the CRD does not list, is RG024 in frontend/crd.go"},
	{Path: "spec.defaultBackends[]", Kind: "required", Arg: "backendName", Code: "RG211", By: "passes/validate.go"},
	{Path: "spec.defaultBackends[].weight", Kind: "minimum", Arg: "0", Code: "RG301", By: "passes/validate.go"},
	{Path: "spec.hosts", Kind: "minItems", Arg: "1", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.hosts", Kind: "set", Code: "RG401", By: "passes/validate.go"},
	{Path: "spec.hosts[]", Kind: "maxLength", Arg: "255", Code: "RG024", By: "passes/validate.go"},
	{Path: "spec.hosts[]", Kind: "pattern", Arg: HostPattern, Code: "RG024", By: "passes/validate.go"},
	{Path: "spec.routes", Kind: "minItems", Arg: "1", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.routes[].backends[]", Kind: "required", Arg: "backendName", Code: "RG211", By: "passes/validate.go"},
	{Path: "spec.routes[].backends[].weight", Kind: "minimum", Arg: "0", Code: "RG301", By: "passes/validate.go"},
	{Path: "spec.routes[].methods[]", Kind: "enum", Arg: "GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE", Code: "RG024", By: "passes/validate.go (RG022 for an empty method, RG023 for one Skipper does not know either)"},
	{Path: "spec.tls[]", Kind: "required", Arg: "hosts", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.tls[]", Kind: "required", Arg: "secretName", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.tls[].hosts", Kind: "minItems", Arg: "1", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.tls[].hosts", Kind: "set", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.tls[].hosts[]", Kind: "maxLength", Arg: "255", Code: "RG024", By: "frontend/crd.go"},
	{Path: "spec.tls[].hosts[]", Kind: "pattern", Arg: HostPattern, Code: "RG024", By: "frontend/crd.go"},
	{Path: "status", Kind: "required", Arg: "loadBalancer", Code: "", By: "not applied: status is written by controllers, and rgc does not read it"},
	{Path: "status.loadBalancer", Kind: "required", Arg: "routegroup", Code: "", By: "not applied: status is written by controllers, and rgc does not read it"},
}

// HostPattern is the CRD's pattern for spec.hosts and spec.tls[].hosts.
const HostPattern = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`

// CRDEnum returns the values of the enum at path, nil when the schema has
// none there.
func CRDEnum(path string) []string {
	for _, r := range CRDRules {
		if r.Path == path && r.Kind == "enum" {
			return splitBar(r.Arg)
		}
	}
	return nil
}

func splitBar(s string) []string {
	var out []string
	for s != "" {
		i := 0
		for i < len(s) && s[i] != '|' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
