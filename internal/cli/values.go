package cli

import (
	"regexp"
	"strings"
)

// entry is one value of a repeatable setting together with where it came
// from ("-flag-name" or "file:line:col"), so that an error in the value can
// point at the flag or at the line of the -config file.
type entry struct {
	text string
	from string
}

// multiValue is Skipper's multiFlag: every use of the flag adds an entry.
type multiValue struct {
	name    string
	entries []entry
}

func (m *multiValue) String() string {
	texts := make([]string, len(m.entries))
	for i, e := range m.entries {
		texts[i] = e.text
	}
	return strings.Join(texts, " ")
}

func (m *multiValue) Set(s string) error {
	m.entries = append(m.entries, entry{text: s, from: "-" + m.name})
	return nil
}

// commaList is Skipper's commaListFlag: the last use of the flag wins, and
// its value is split at commas without trimming, as Skipper splits it.
type commaList struct {
	value  string
	values []string
}

func (c *commaList) String() string { return c.value }

func (c *commaList) Set(s string) error {
	c.value, c.values = s, nil
	if s != "" {
		c.values = strings.Split(s, ",")
	}
	return nil
}

// regexpList is Skipper's regexpListFlag: every use of the flag adds a
// regular expression, compiled when the flag is parsed.
type regexpList struct {
	rxs []*regexp.Regexp
}

func (r *regexpList) String() string {
	s := make([]string, len(r.rxs))
	for i, rx := range r.rxs {
		s[i] = rx.String()
	}
	return strings.Join(s, " ")
}

func (r *regexpList) Set(s string) error {
	rx, err := regexp.Compile(s)
	if err != nil {
		return err
	}
	r.rxs = append(r.rxs, rx)
	return nil
}
