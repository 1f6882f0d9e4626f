package frontend

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/internal/src"
)

// ReadPaths reads the inputs named on a command line: files as they are,
// directories recursively (only *.yaml, *.yml and *.json, in lexical order,
// without hidden files and directories), and "-" from stdin. Failing to
// read a path named on the command line is an error; an entry of a
// directory that cannot be read is a diagnostic (RG019) and the rest is
// read.
func ReadPaths(paths []string, stdin io.Reader) ([]*src.File, diag.List, error) {
	var files []*src.File
	var diags diag.List
	for _, p := range paths {
		if p == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, nil, err
			}
			files = append(files, src.NewFile("<stdin>", b))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !fi.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, nil, err
			}
			files = append(files, src.NewFile(p, b))
			continue
		}
		fs, ds := readDir(p)
		files, diags = append(files, fs...), append(diags, ds...)
	}
	return files, diags, nil
}

// readDir reads the input files below dir. It skips what kubectl apply -f
// and editors leave aside: names that do not end in .yaml, .yml or .json,
// and hidden files and directories (editor lock files ".#app.yaml", swap
// files, and the "..data" directories of a Kubernetes ConfigMap volume,
// whose files the volume also links at its top).
func readDir(dir string) ([]*src.File, diag.List) {
	var names []string
	var diags diag.List
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if d != nil && path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if err != nil {
			diags.Add(unreadable(path, err))
			return nil // an unreadable directory: WalkDir goes on without it
		}
		if !d.IsDir() && isInputName(d.Name()) {
			names = append(names, path)
		}
		return nil
	})
	sort.Strings(names)
	var files []*src.File
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			diags.Add(unreadable(n, err))
			continue
		}
		files = append(files, src.NewFile(n, b))
	}
	return files, diags
}

func unreadable(path string, err error) diag.Diagnostic {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	hint := "fix the entry or remove it; the rest of the input is compiled without it"
	if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if target, rerr := os.Readlink(path); rerr == nil {
			hint = fmt.Sprintf("the symbolic link points at %q; fix or remove the link", target)
		}
	}
	return diag.Diagnostic{Severity: diag.Error, Code: diag.UnreadableInput,
		Span:    src.Span{File: src.NewFile(path, nil)},
		Message: fmt.Sprintf("cannot read %q: %v", path, err), Hint: hint}
}

func isInputName(n string) bool {
	switch strings.ToLower(filepath.Ext(n)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
