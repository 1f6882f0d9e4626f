package ref

import (
	"net/http"
	"path"
	"regexp"
	"strings"
)

// routeMatches: §3.4 and §8.1, the route's path, pathSubtree,
// pathRegexp, methods and predicates all match the request.
func routeMatches(r *Route, req *http.Request) bool {
	p := cleanPath(req.URL.Path)
	switch {
	case r.Path != "":
		if p != r.Path {
			return false
		}
	case r.PathSubtree != "":
		if !inSubtree(r.PathSubtree, p) {
			return false
		}
	}
	if r.PathRegexp != "" && !matchRx(r.PathRegexp, p) {
		return false
	}
	if len(r.Methods) > 0 {
		found := false
		for _, m := range r.Methods {
			found = found || strings.ToUpper(m) == req.Method
		}
		if !found {
			return false
		}
	}
	for _, pr := range r.Predicates {
		if !predicateMatches(pr, req) {
			return false
		}
	}
	return true
}

// cleanPath is the path routes match: Skipper's routing matches the
// cleaned path (no "//", "." or ".." segments; a trailing slash kept),
// which spec/rgc.md takes for granted.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// inSubtree: a path subtree holds its root, with or without a trailing
// slash, and everything below it.
func inSubtree(root, p string) bool {
	root = strings.TrimSuffix(root, "/")
	return p == root || strings.HasPrefix(p, root+"/")
}

func matchRx(rx, s string) bool {
	re, err := regexp.Compile(rx)
	return err == nil && re.MatchString(s)
}

func str(c Call, i int) string {
	if i < len(c.Args) {
		if s, ok := c.Args[i].(string); ok {
			return s
		}
	}
	return ""
}

// predicateMatches evaluates the predicates the interpreter models, as
// Skipper documents them; an unknown predicate never matches.
func predicateMatches(p Call, req *http.Request) bool {
	switch p.Name {
	case "Header":
		return headerIs(req, str(p, 0), str(p, 1))
	case "HeaderRegexp":
		for _, v := range req.Header.Values(str(p, 0)) {
			if matchRx(str(p, 1), v) {
				return true
			}
		}
		return false
	case "Cookie":
		c, err := req.Cookie(str(p, 0))
		return err == nil && matchRx(str(p, 1), c.Value)
	case "QueryParam":
		vs, ok := req.URL.Query()[str(p, 0)]
		if len(p.Args) == 1 {
			return ok
		}
		for _, v := range vs {
			if matchRx(str(p, 1), v) {
				return true
			}
		}
		return false
	case "Weight", "True":
		return true
	}
	return false
}

// headerIs reports whether some value of the header equals v.
func headerIs(req *http.Request, name, v string) bool {
	for _, x := range req.Header.Values(name) {
		if x == v {
			return true
		}
	}
	return false
}
