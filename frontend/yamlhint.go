package frontend

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

const renderHint = "this looks like an unrendered template: render it first (helm template, envsubst, kustomize build, ...) and compile the output"

// tokenHint names the character a YAML syntax error stopped at, instead
// of guessing, and recognises template syntax left in the input ({{ }},
// ${VAR}, %NAME%), the commonest cause of such errors in real manifests.
func tokenHint(content []byte, off int, msg, hint string) string {
	if off < 0 || off >= len(content) {
		return hint
	}
	if looksTemplated(lineAt(content, off)) {
		return renderHint
	}
	if msg != "found character that cannot start any token" {
		return hint
	}
	r, _ := utf8.DecodeRune(content[off:])
	return fmt.Sprintf("%q cannot start a plain YAML value; quote the value", r)
}

// lineAt returns the line of content that holds off.
func lineAt(b []byte, off int) []byte {
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	end := bytes.IndexByte(b[off:], '\n')
	if end < 0 {
		return b[start:]
	}
	return b[start : off+end]
}

func looksTemplated(line []byte) bool {
	if bytes.Contains(line, []byte("{{")) || bytes.Contains(line, []byte("${")) {
		return true
	}
	// %NAME%, as Azure DevOps and some envsubst variants write it
	if i := bytes.IndexByte(line, '%'); i >= 0 {
		if j := bytes.IndexByte(line[i+1:], '%'); j > 0 {
			for _, c := range line[i+1 : i+1+j] {
				if !(c == '_' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
					return false
				}
			}
			return true
		}
	}
	return false
}
