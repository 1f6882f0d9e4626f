package analysis

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/diag"
)

// Level is what -W makes of a diagnostic code.
type Level int

// The levels -W can give a code: drop its diagnostics, or report them as
// infos, warnings or errors.
const (
	// Ignore drops the diagnostics of the code.
	Ignore Level = iota
	AsInfo
	AsWarning
	AsError
)

var levelNames = map[string]Level{"ignore": Ignore, "info": AsInfo, "warning": AsWarning, "error": AsError}

// Levels re-level diagnostics: by code, and all warnings to errors with
// Werror. A level set for a code wins over Werror.
//
// Errors of the conversion itself (codes below RG500) stay errors: they
// drop routes, and lowering the severity would not bring the routes back.
// Their warnings and infos can be raised or ignored like any other.
type Levels struct {
	Werror bool
	ByCode map[diag.Code]Level
}

var codeRx = regexp.MustCompile(`^RG[0-9]{3}$`)

// Set parses CODE=LEVEL (for example RG602=error) and records it; it is
// the flag.Value of -W.
func (l *Levels) Set(s string) error {
	code, level, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want CODE=LEVEL, e.g. RG602=error, got %q", s)
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codeRx.MatchString(code) {
		return fmt.Errorf("invalid diagnostic code %q, want RG followed by three digits", code)
	}
	lv, ok := levelNames[strings.ToLower(strings.TrimSpace(level))]
	if !ok {
		return fmt.Errorf("invalid level %q for %s, want error, warning, info or ignore", level, code)
	}
	if l.ByCode == nil {
		l.ByCode = map[diag.Code]Level{}
	}
	l.ByCode[diag.Code(code)] = lv
	return nil
}

// String renders the levels by code, for flag defaults and messages.
func (l *Levels) String() string {
	if l == nil {
		return ""
	}
	var parts []string
	for c, lv := range l.ByCode {
		for n, v := range levelNames {
			if v == lv {
				parts = append(parts, string(c)+"="+n)
			}
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// IsZero reports whether l changes nothing.
func (l *Levels) IsZero() bool { return !l.Werror && len(l.ByCode) == 0 }

// Apply re-levels the diagnostics of list in place and drops the ignored
// ones.
func (l *Levels) Apply(list *diag.List) {
	if l.IsZero() {
		return
	}
	out := (*list)[:0]
	for _, d := range *list {
		lv, set := l.ByCode[d.Code]
		switch {
		case d.Severity == diag.Error && d.Code < "RG500":
			// keeps routes dropped; stays an error
		case set && lv == Ignore:
			continue
		case set:
			d.Severity = lv.severity()
		case l.Werror && d.Severity == diag.Warning:
			d.Severity = diag.Error
		}
		out = append(out, d)
	}
	*list = out
}

func (l Level) severity() diag.Severity {
	switch l {
	case AsError:
		return diag.Error
	case AsWarning:
		return diag.Warning
	}
	return diag.Info
}
