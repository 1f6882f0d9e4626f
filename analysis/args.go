package analysis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rgc-dev/rgc/ir"
)

// argSig is the signature rgc checks for a filter or predicate it does not
// create: the allowed argument counts and the type of each argument.
type argSig struct {
	counts string // "1", "1,3", "1-2", "2-" (two or more)
	types  string // per argument: s string, n number, ? either; the last repeats
}

func sig(counts, types string) *argSig { return &argSig{counts: counts, types: types} }

// check returns what is wrong with args, and the index of the argument at
// fault (-1 for the count).
func (s *argSig) check(args []ir.Arg) (string, int) {
	if !s.allows(len(args)) {
		return fmt.Sprintf("expects %s, got %d", s.describeCount(), len(args)), -1
	}
	for i, a := range args {
		want := s.types[min(i, len(s.types)-1)]
		switch {
		case want == 's' && a.Kind == ir.NumberArg:
			return fmt.Sprintf("argument %d must be a string, got the number %v", i+1, a.Num), i
		case want == 'n' && a.Kind != ir.NumberArg:
			return fmt.Sprintf("argument %d must be a number, got the string %q", i+1, a.Str), i
		}
	}
	return "", 0
}

func (s *argSig) allows(n int) bool {
	for _, c := range strings.Split(s.counts, ",") {
		lo, hi, isRange := strings.Cut(c, "-")
		l, _ := strconv.Atoi(lo)
		switch {
		case !isRange && n == l:
			return true
		case isRange && hi == "" && n >= l:
			return true
		case isRange && hi != "":
			h, _ := strconv.Atoi(hi)
			if n >= l && n <= h {
				return true
			}
		}
	}
	return false
}

func (s *argSig) describeCount() string {
	var parts []string
	for _, c := range strings.Split(s.counts, ",") {
		lo, hi, isRange := strings.Cut(c, "-")
		switch {
		case !isRange:
			parts = append(parts, lo)
		case hi == "":
			parts = append(parts, lo+" or more")
		default:
			parts = append(parts, lo+" to "+hi)
		}
	}
	s0 := strings.Join(parts, " or ")
	if s0 == "1" {
		return "1 argument"
	}
	return s0 + " arguments"
}

// argValues converts arguments to the values eskip gives Skipper's specs:
// float64 for numbers, string for strings and regular expressions.
func argValues(args []ir.Arg) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a.Value()
	}
	return out
}

// callText renders a call as eskip would print it, for messages and as the
// key of the check cache.
func callText(c *ir.Call) string {
	var b strings.Builder
	b.WriteString(c.Name)
	b.WriteByte('(')
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.Kind == ir.NumberArg {
			b.WriteString(strconv.FormatFloat(a.Num, 'g', -1, 64))
		} else {
			b.WriteString(strconv.Quote(a.Str))
		}
	}
	b.WriteByte(')')
	return b.String()
}
