package serve

import (
	"bytes"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/frontend"
)

// incremental compiles the inputs with rgc's incremental compiler: each
// compilation reads every file, hands the compiler only the files added,
// changed or removed since the last one, and takes the compiler's current
// state as the result, with the same groups, routes and diagnostics as a
// full compilation of the files in name order.
type incremental struct {
	opts  rgc.Options
	paths []string
	c     *rgc.Compiler
	docs  map[string][]byte // the content the compiler has, by file name
}

func newIncremental(opts rgc.Options, paths []string) *incremental {
	return &incremental{opts: opts, paths: paths, c: rgc.NewCompiler(opts), docs: map[string][]byte{}}
}

func (in *incremental) compile() (*rgc.Result, error) {
	files, unread, err := frontend.ReadPaths(in.paths, nil)
	if err != nil {
		return nil, err
	}
	var changes []rgc.Change
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.Name] = true
		if old, ok := in.docs[f.Name]; !ok || !bytes.Equal(old, f.Content) {
			changes = append(changes, rgc.Change{Name: f.Name, Content: f.Content})
		}
	}
	for name := range in.docs {
		if !seen[name] {
			changes = append(changes, rgc.Change{Name: name, Delete: true})
		}
	}
	if len(changes) > 0 {
		if _, err := in.c.Update(changes...); err != nil {
			// The compiler's state is unknown: start afresh next time.
			in.c, in.docs = rgc.NewCompiler(in.opts), map[string][]byte{}
			return nil, err
		}
	}
	for _, ch := range changes {
		if ch.Delete {
			delete(in.docs, ch.Name)
		} else {
			in.docs[ch.Name] = ch.Content
		}
	}
	return withDiagnostics(in.c.Result(), unread), nil
}

// withDiagnostics returns res with the diagnostics of reading the input
// (entries that could not be read) among its own, leaving res, which the
// compiler shares until its next update, as it is.
func withDiagnostics(res *rgc.Result, read rgc.Diagnostics) *rgc.Result {
	if len(read) == 0 {
		return res
	}
	out := *res
	out.Diagnostics = append(append(rgc.Diagnostics{}, res.Diagnostics...), read...)
	out.Diagnostics.Sort()
	return &out
}
