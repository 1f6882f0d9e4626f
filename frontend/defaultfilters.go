package frontend

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend/expr"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
)

// maxDefaultFiltersSize is Skipper's limit for a default filters file.
const maxDefaultFiltersSize = 1 << 20

// LoadDefaultFilters reads Skipper's -default-filters-dir: each entry
// directly in dir named SERVICE.NAMESPACE (exactly two dot-separated
// parts) that is a regular file or a symbolic link, at most 1 MiB (for a
// link, the link itself, as Skipper checks it), holds an eskip filter chain
// for the routes to that service.
//
// As in Skipper, a file that does not parse is kept with its error in
// DefaultFilters.Err: Skipper reports it only when a route uses the
// service. Entries Skipper skips are reported at severity info (a name
// that does not fit) or warning (a file too large or unreadable). The
// error is for a directory that cannot be read.
func LoadDefaultFilters(dir string) (map[ir.Key]*ir.DefaultFilters, diag.List, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	out := map[ir.Key]*ir.DefaultFilters{}
	var diags diag.List
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		parts := strings.Split(e.Name(), ".")
		if len(parts) != 2 {
			if !strings.HasPrefix(e.Name(), "..") {
				// "..data" and "..2024_..." are the machinery of a
				// mounted ConfigMap, not the user's files.
				ignored(&diags, diag.Info, path, "default filters file name %q is not SERVICE.NAMESPACE; ignored", e.Name())
			}
			continue
		}
		content, why := readDefaultFilters(e, path)
		if why != "" {
			ignored(&diags, diag.Warning, path, "default filters file %q %s; ignored, as Skipper ignores it", e.Name(), why)
			continue
		}
		out[ir.Key{Namespace: parts[1], Name: parts[0]}] = parseDefaultFilters(src.NewFile(path, content))
	}
	return out, diags, nil
}

func ignored(l *diag.List, sev diag.Severity, path, format string, args ...any) {
	l.Addf(sev, diag.DefaultFiltersIgnored, src.Span{File: src.NewFile(path, nil)}, "", format, args...)
}

// readDefaultFilters applies Skipper's checks to a directory entry and
// reads it; why says what made it skip the entry.
func readDefaultFilters(e fs.DirEntry, path string) (content []byte, why string) {
	info, err := e.Info()
	switch {
	case err != nil:
		return nil, "cannot be read: " + err.Error()
	case !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0:
		return nil, "is not a regular file"
	case info.Size() > maxDefaultFiltersSize:
		return nil, "is larger than 1 MiB"
	}
	content, err = os.ReadFile(path)
	if err != nil {
		return nil, "cannot be read: " + err.Error()
	}
	return content, ""
}

// parseDefaultFilters parses a default filters file as Skipper does when a
// route first uses it: blank means no filters.
func parseDefaultFilters(f *src.File) *ir.DefaultFilters {
	df := &ir.DefaultFilters{File: f.Name}
	text := string(f.Content)
	if strings.TrimSpace(text) == "" {
		return df
	}
	calls, err := expr.ParseFilters(text, nil)
	if err != nil {
		df.Err = err.Msg
		if p := f.PosAt(err.Offset); p.IsValid() {
			// The file is the string, so its offsets are file offsets.
			df.Err = p.String() + ": " + err.Msg
		}
		return df
	}
	df.Calls = calls
	return df
}
