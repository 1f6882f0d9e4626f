package frontend

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// The RouteGroup CRD's schema rules that Skipper's converter does not
// apply (ir.CRDRules lists them all, with the check that applies each).
// The API server refuses such a group, so it never reaches Skipper; rgc
// reports an error (RG024) and keeps the routes Skipper's converter
// builds, so that the table does not depend on whether the CRD was
// enforced. Unlike the other errors of the front end, these do not mark
// the group Bad.

var crdHost = regexp.MustCompile(ir.HostPattern)

// schemaf reports a schema violation at n without rejecting the group.
func (o *obj) schemaf(n *yaml.Node, path, format string, args ...any) *diag.Diagnostic {
	d := o.l.diags.Addf(diag.Error, diag.SchemaViolation, o.l.span(n), o.id(), format+"; the API server rejects the route group", args...)
	d.Path = path
	return d
}

// crdMinItems reports an explicitly empty list where the schema wants at
// least one item. Null is "absent" to the API server, and absent is fine.
func (o *obj) crdMinItems(n *yaml.Node, path, key, hint string) {
	if n = resolve(n); n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		o.schemaf(n, join(path, key), "%s: the list is empty", key).Hint = hint
	}
}

const (
	emptyHostsHint = "list at least one host, or remove hosts to match every host on purpose: " +
		"Skipper's converter makes a group with an empty host list a catch-all for every host in the cluster"
	emptyRoutesHint = "add a route, or remove routes to send every request to defaultBackends"
)

// crdBackend applies the schema's rules on a backend that Skipper's
// validation does not: type is required and from an enum without
// forward, and endpoints is never empty.
func (o *obj) crdBackend(n *yaml.Node, b *ir.Backend, path string) {
	switch {
	case b.TypeName.V == "":
		o.schemaf(valueOr(n, "type"), keyPath(n, path, "type"), "backend %q without type", b.Name.V).Hint =
			"add type: service, what Skipper assumes without one; the CRD requires the field"
	case b.Type == ir.ForwardBackend:
		// A warning: Skipper documents and converts forward, and clusters
		// that use it run a CRD newer than the copy Skipper ships.
		d := o.l.diags.Addf(diag.Warning, diag.SchemaViolation, o.l.span(valueOr(n, "type")), o.id(),
			"backend type %q is not in the enum of the CRD Skipper v0.27.54 ships", b.TypeName.V)
		d.Path = path + ".type"
		d.Hint = "that CRD lists only " + strings.Join(ir.CRDEnum("spec.backends[].type"), ", ") +
			"; kubectl apply fails unless the cluster's CRD adds forward"
	}
	if b.Type != ir.LBBackend {
		// an lb backend's empty endpoints are RG210
		if e := lookup(n, "endpoints"); e != nil {
			o.crdMinItems(e, path, "endpoints", "remove endpoints: only lb backends use them")
		}
	}
}

// crdTLS applies the schema's rules on a tls entry; Skipper does not read
// tls for routes at all.
func (o *obj) crdTLS(n *yaml.Node, t *ir.TLS, path string) {
	if isNull(lookup(n, "hosts")) {
		o.schemaf(n, path, "tls entry without hosts").Hint = "list the hosts the certificate in secretName is for"
	} else {
		o.crdMinItems(lookup(n, "hosts"), path, "hosts", "list the hosts the certificate in secretName is for")
	}
	if t.SecretName.V == "" {
		o.schemaf(valueOr(n, "secretName"), keyPath(n, path, "secretName"), "tls entry without secretName").Hint = "name the Secret that holds the certificate, in the route group's namespace"
	}
	seen := map[string]bool{}
	for i, h := range t.Hosts {
		p := fmt.Sprintf("%s.hosts[%d]", path, i)
		if !crdHost.MatchString(h.V) || len(h.V) > 255 {
			o.addAt(h, p, "tls host %q is not a DNS name", h.V).Hint =
				"hosts are lower-case DNS names without wildcards or ports, e.g. app.example.org"
		}
		if seen[h.V] {
			o.addAt(h, p, "duplicate tls host %q", h.V).Hint = "list each host once"
		}
		seen[h.V] = true
	}
}

// addAt is schemaf at the span of a decoded string.
func (o *obj) addAt(s ir.Str, path, format string, args ...any) *diag.Diagnostic {
	d := o.l.diags.Addf(diag.Error, diag.SchemaViolation, s.Src, o.id(), format+"; the API server rejects the route group", args...)
	d.Path = path
	return d
}

// valueOr returns the value of key in mapping n, or n when key is absent.
func valueOr(n *yaml.Node, key string) *yaml.Node {
	if v := lookup(n, key); v != nil {
		return v
	}
	return n
}

// keyPath is path.key when key is present in mapping n, else path.
func keyPath(n *yaml.Node, path, key string) string {
	if lookup(n, key) != nil {
		return path + "." + key
	}
	return path
}
