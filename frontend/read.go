package frontend

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/internal/src"
)

// ReadPaths reads the inputs named on a command line: files as they are,
// directories recursively (only *.yaml, *.yml and *.json, in lexical order),
// and "-" from stdin. I/O failures are errors, not diagnostics.
func ReadPaths(paths []string, stdin io.Reader) ([]*src.File, error) {
	var files []*src.File
	for _, p := range paths {
		if p == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, err
			}
			files = append(files, src.NewFile("<stdin>", b))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			files = append(files, src.NewFile(p, b))
			continue
		}
		var names []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isInputName(d.Name()) {
				names = append(names, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			files = append(files, src.NewFile(n, b))
		}
	}
	return files, nil
}

func isInputName(n string) bool {
	switch strings.ToLower(filepath.Ext(n)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
