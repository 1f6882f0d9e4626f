package analysis

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zalando/skipper/filters"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// finding is one problem with a call, before it is placed in a file.
type finding struct {
	sev  diag.Severity
	code diag.Code
	msg  string
	hint string
	// arg is the index of the argument at fault, or -1 for the call.
	arg int
	// atName places the finding on the name rather than the call.
	atName bool
}

// callKind tells filters from predicates.
type callKind struct {
	noun            string // "filter", "predicate"
	unknown, badArg diag.Code
	docs            string
}

var (
	filterCalls = &callKind{noun: "filter", unknown: diag.UnknownFilter, badArg: diag.InvalidFilterArgs,
		docs: "https://opensource.zalando.com/skipper/reference/filters/#"}
	predicateCalls = &callKind{noun: "predicate", unknown: diag.UnknownPredicate, badArg: diag.InvalidPredicateArgs,
		docs: "https://opensource.zalando.com/skipper/reference/predicates/#"}
)

// checker checks calls against a registry. It remembers the outcome per
// call text: route groups repeat the same filters many times, and some
// specs are not cheap to create.
type checker struct {
	reg  *Registry
	seen map[string][]finding
}

func newChecker(reg *Registry) *checker {
	return &checker{reg: reg, seen: map[string][]finding{}}
}

// check returns the problems of a filter (k is filterCalls) or a
// predicate (predicateCalls).
func (c *checker) check(k *callKind, call *ir.Call) []finding {
	key := k.noun + " " + callText(call)
	if fs, ok := c.seen[key]; ok {
		return fs
	}
	fs := c.checkCall(k, call)
	c.seen[key] = fs
	return fs
}

func (c *checker) checkCall(k *callKind, call *ir.Call) []finding {
	own, other := c.reg.Filters, c.reg.Predicates
	ownNames, otherNames := c.reg.filterNames, c.reg.predicateNames
	if k == predicateCalls {
		own, other, ownNames, otherNames = other, own, otherNames, ownNames
	}
	e, ok := own[call.Name]
	if !ok {
		return []finding{c.unknown(k, call.Name, other, ownNames, otherNames)}
	}
	if e.needs == "" {
		return c.checkArgs(k, e, call)
	}
	f := finding{sev: diag.Info, code: diag.NeedsSkipperFlag, arg: -1, atName: true,
		msg:  fmt.Sprintf("%s %q is available only when Skipper runs with %s", k.noun, call.Name, e.needs),
		hint: "without the flag Skipper's routing drops the route: unknown " + k.noun}
	if e.kind == unchecked {
		f.msg += "; its arguments are not checked: " + e.why
		return []finding{f}
	}
	return append([]finding{f}, c.checkArgs(k, e, call)...)
}

// unknown builds the finding for a name the registry lacks, with the
// closest name as a hint, or the advice to move a predicate written as a
// filter (and the other way round).
func (c *checker) unknown(k *callKind, name string, other map[string]*entry, ownNames, otherNames []string) finding {
	f := finding{sev: diag.Error, code: k.unknown, arg: -1, atName: true,
		msg: fmt.Sprintf("unknown %s %q", k.noun, name)}
	if _, ok := other[name]; ok {
		if k == filterCalls {
			f.msg = fmt.Sprintf("%q is a predicate, not a filter", name)
			f.hint = "move it to the route's predicates"
		} else {
			f.msg = fmt.Sprintf("%q is a filter, not a predicate", name)
			f.hint = "move it to the route's filters"
		}
		return f
	}
	switch s, o := suggest(name, ownNames), suggest(name, otherNames); {
	case s != "":
		f.hint = fmt.Sprintf("did you mean %q?", s)
	case o != "":
		f.hint = fmt.Sprintf("did you mean %q? It is a %s", o, otherNoun(k))
	default:
		f.hint = "Skipper's routing drops routes with unknown " + k.noun + "s; see " + strings.TrimSuffix(k.docs, "#")
	}
	return f
}

func otherNoun(k *callKind) string {
	if k == filterCalls {
		return "predicate"
	}
	return "filter"
}

func (c *checker) checkArgs(k *callKind, e *entry, call *ir.Call) []finding {
	bad := func(arg int, format string, a ...any) []finding {
		return []finding{{sev: diag.Error, code: k.badArg, arg: arg,
			msg:  fmt.Sprintf("invalid arguments for %s %q: ", k.noun, call.Name) + fmt.Sprintf(format, a...),
			hint: "Skipper's routing drops the route; see " + k.docs + strings.ToLower(call.Name)}}
	}
	partly := func(why string) finding {
		return finding{sev: diag.Info, code: diag.ArgsNotChecked, arg: -1, atName: true,
			msg: fmt.Sprintf("arguments of %s %q checked by number and type only: %s", k.noun, call.Name, why)}
	}
	switch e.kind {
	case unchecked:
		return []finding{{sev: diag.Info, code: diag.ArgsNotChecked, arg: -1, atName: true,
			msg: fmt.Sprintf("arguments of %s %q not checked: %s", k.noun, call.Name, e.why)}}
	case signature, builtinPredicate:
		if msg, i := e.sig.check(call.Args); msg != "" {
			return bad(i, "%s", msg)
		}
		if e.kind == signature {
			return []finding{partly(e.why)}
		}
		return nil
	case luaScript:
		if msg, i := e.sig.check(call.Args); msg != "" {
			return bad(i, "%s", msg)
		}
		return checkLua(call, bad)
	}
	var err error
	if k == filterCalls {
		err = createFilter(e.filter, argValues(call.Args))
	} else {
		err = createPredicate(e, argValues(call.Args))
	}
	var pe panicError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		return []finding{{sev: diag.Info, code: diag.ArgsNotChecked, arg: -1, atName: true,
			msg: fmt.Sprintf("arguments of %s %q not checked: creating it failed in rgc: %v", k.noun, call.Name, pe.v)}}
	}
	return bad(-1, "%s", err.Error())
}

// panicError is a panic of a spec's constructor, turned into an error.
type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprint(p.v) }

// createFilter creates the filter as Skipper's routing does and closes it
// at once, so that filters that start goroutines stop them. Some filters
// have a Close method without a result, which Skipper's routing does not
// call (filters.FilterCloser wants io.Closer); rgc calls it too.
func createFilter(s filters.Spec, args []any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError{r}
		}
	}()
	f, err := s.CreateFilter(args)
	switch fc := f.(type) {
	case filters.FilterCloser:
		fc.Close()
	case interface{ Close() }:
		fc.Close()
	}
	return err
}

func createPredicate(e *entry, args []any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError{r}
		}
	}()
	_, err = e.predicate.Create(args)
	return err
}
