package cli

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// applyConfig reads a Skipper-style YAML config file. Skipper parses the
// command line, decodes the file over the result and parses the command
// line again; for rgc that amounts to: a single-valued flag given on the
// command line wins over the file, and the entries of a repeatable flag
// given on the command line follow the file's. Keys that are not flags of
// rgc are ignored, as Skipper ignores unknown keys; only those that would
// change the routes get a warning.
func (s *settings) applyConfig(fs *flag.FlagSet, path string, cmdline map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return &ioError{err: fmt.Errorf("config file: %w", err)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return &usageError{err: fmt.Errorf("%s: %v", path, err)}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	top := deref(doc.Content[0])
	if isNull(top) {
		return nil
	}
	if top.Kind != yaml.MappingNode {
		return &usageError{err: fmt.Errorf("%s:%d:%d: want a mapping of flag names to values", path, top.Line, top.Column)}
	}
	// Skipper's yaml.v2 decoding lets the last of two equal keys win.
	last := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if _, dup := last[k.Value]; dup {
			s.warnf("%s:%d:%d: duplicate key %q: the last one wins", path, k.Line, k.Column, k.Value)
		}
		last[k.Value] = i
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], deref(top.Content[i+1])
		if last[k.Value] != i {
			continue
		}
		c := configValue{path: path, key: k.Value, node: v}
		if err := s.applyKey(fs, c, cmdline); err != nil {
			return err
		}
	}
	return nil
}

// configValue is one key of the config file and its value.
type configValue struct {
	path string
	key  string
	node *yaml.Node
}

// at names a position in the file for messages: "file:line:col: key".
func (c configValue) at(n *yaml.Node) string {
	return fmt.Sprintf("%s:%d:%d: %s", c.path, n.Line, n.Column, c.key)
}

func (c configValue) errorf(n *yaml.Node, format string, args ...any) error {
	return &usageError{err: fmt.Errorf("%s: %s", c.at(n), fmt.Sprintf(format, args...))}
}

func (s *settings) applyKey(fs *flag.FlagSet, c configValue, cmdline map[string]bool) error {
	switch name := c.key; {
	case name == "kubernetes-allowed-external-names":
		return s.configRegexps(c)
	case name == "kubernetes-allowed-external-name":
		s.warnf("%s: not a Skipper config key, Skipper ignores it: the key is kubernetes-allowed-external-names", c.at(c.node))
		return nil
	case unsupportedFlags[name] != "":
		if !isZero(c.node) {
			s.warnf("%s: ignored, rgc does not support it: %s", c.at(c.node), unsupportedFlags[name])
		}
		return nil
	case name == "kubernetes-namespace":
		if !isZero(c.node) {
			s.warnf("%s: ignored in a config file: with -kubernetes, give -kubernetes-namespace on the command line; with files, give rgc only that namespace's files", c.at(c.node))
		}
		return nil
	case !s.configurable[name]:
		return nil
	}
	f := fs.Lookup(c.key)
	switch v := f.Value.(type) {
	case *multiValue:
		entries, err := c.list()
		if err != nil {
			return err
		}
		v.entries = append(entries, v.entries...)
		return nil
	case *commaList:
		if cmdline[c.key] {
			return nil
		}
		entries, err := c.list()
		if err != nil {
			return err
		}
		v.value, v.values = "", nil
		for _, e := range entries {
			v.values = append(v.values, e.text)
		}
		return nil
	}
	if cmdline[c.key] {
		return nil
	}
	text, err := c.scalar(f.Value.(flag.Getter).Get())
	if err != nil {
		return err
	}
	if err := f.Value.Set(text); err != nil {
		return c.errorf(c.node, "%v", err)
	}
	s.from[c.key] = c.at(c.node)
	return nil
}

// scalar decodes the value as the type of def (bool, int or string) and
// returns it as flag text. Null is the zero value, as in yaml.v2.
func (c configValue) scalar(def any) (string, error) {
	n := c.node
	if n.Kind != yaml.ScalarNode {
		return "", c.errorf(n, "want a single value")
	}
	switch def.(type) {
	case bool:
		var b bool
		if !isNull(n) {
			if err := n.Decode(&b); err != nil {
				return "", c.errorf(n, "want true or false, got %q", n.Value)
			}
		}
		return strconv.FormatBool(b), nil
	case int:
		var i int
		if !isNull(n) {
			// yaml.v3 (like Skipper's yaml.v2) truncates 1.5 to 1; a
			// fraction is a mistake worth reporting.
			if err := n.Decode(&i); err != nil || n.Tag != "!!int" {
				return "", c.errorf(n, "want an integer, got %q", n.Value)
			}
		}
		return strconv.Itoa(i), nil
	}
	if isNull(n) {
		return "", nil
	}
	return n.Value, nil
}

// list reads a YAML list of strings. Skipper reads list flags only as
// YAML lists, not as comma separated strings, and so does rgc, so that a
// file rgc accepts is one Skipper accepts.
func (c configValue) list() ([]entry, error) {
	n := c.node
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, c.errorf(n, "want a YAML list, as Skipper reads this key")
	}
	var out []entry
	for _, item := range n.Content {
		item = deref(item)
		if item.Kind != yaml.ScalarNode {
			return nil, c.errorf(item, "want a string")
		}
		out = append(out, entry{text: item.Value, from: c.at(item)})
	}
	return out, nil
}

// configRegexps reads kubernetes-allowed-external-names the way Skipper's
// regexpListFlag does: a mapping whose values are lists of regular
// expressions; the mapping's keys do not matter. They add to the
// -kubernetes-allowed-external-name flags.
func (s *settings) configRegexps(c configValue) error {
	n := c.node
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return c.errorf(n, "want a mapping of lists of regular expressions, as Skipper reads this key")
	}
	var rxs []*regexp.Regexp
	for i := 1; i < len(n.Content); i += 2 {
		items, err := configValue{path: c.path, key: c.key, node: deref(n.Content[i])}.list()
		if err != nil {
			return err
		}
		for _, it := range items {
			rx, err := regexp.Compile(it.text)
			if err != nil {
				return &usageError{err: fmt.Errorf("%s: %v", it.from, err)}
			}
			rxs = append(rxs, rx)
		}
	}
	s.allowedExternalNames.rxs = append(rxs, s.allowedExternalNames.rxs...)
	return nil
}

func (s *settings) warnf(format string, args ...any) {
	s.cli.warnings = append(s.cli.warnings, fmt.Sprintf(format, args...))
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// isZero reports whether a value leaves a setting at its zero value.
func isZero(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) || n.Value == "" {
			return true
		}
		var b bool
		return n.Tag == "!!bool" && n.Decode(&b) == nil && !b
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}
