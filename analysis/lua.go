package analysis

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"

	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/ir"
)

// checkLua checks a lua() filter without running the script: Skipper's
// CreateFilter runs its top level, which may loop or reach the network.
// It parses and compiles the script as Skipper does and looks for a global
// request or response function, one of which Skipper requires. A script
// file (a name ending in .lua) lives on Skipper's machine and is not read.
func checkLua(call *ir.Call, bad func(int, string, ...any) []finding) []finding {
	source := call.Args[0].Str
	if strings.HasSuffix(source, ".lua") {
		return []finding{{sev: diag.Info, code: diag.ArgsNotChecked, arg: 0,
			msg: "lua script file " + quote(source) + " is read on Skipper's machine; not checked"}}
	}
	chunk, err := parse.Parse(strings.NewReader(source), "<script>")
	if err != nil {
		return bad(0, "the script does not parse: %s", oneLine(err.Error()))
	}
	if _, err := lua.Compile(chunk, "<script>"); err != nil {
		return bad(0, "the script does not compile: %s", oneLine(err.Error()))
	}
	if !definesGlobal(chunk, "request") && !definesGlobal(chunk, "response") {
		return []finding{{sev: diag.Warning, code: diag.InvalidFilterArgs, arg: 0,
			msg:  `lua script defines no global function "request" or "response"`,
			hint: "Skipper rejects a script that defines neither once its top level has run"}}
	}
	return nil
}

// definesGlobal reports whether a top-level statement of chunk assigns the
// global name: function name() ... end, or name = ....
func definesGlobal(chunk []ast.Stmt, name string) bool {
	isName := func(e ast.Expr) bool {
		id, ok := e.(*ast.IdentExpr)
		return ok && id.Value == name
	}
	for _, s := range chunk {
		switch s := s.(type) {
		case *ast.FuncDefStmt:
			if s.Name.Receiver == nil && isName(s.Name.Func) {
				return true
			}
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if isName(l) {
					return true
				}
			}
		}
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
