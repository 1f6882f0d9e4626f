package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// mdFile is a Markdown file split into lines, with its fenced blocks and
// headings.
type mdFile struct {
	path     string
	lines    []string
	fences   []*fence
	headings []int // line indices of headings outside fences
}

// fence is a fenced code block.
type fence struct {
	file       *mdFile
	info       string // the first word of the info string: yaml, eskip, text, ...
	open, end  int    // line indices of the opening and the closing fence
	indent     string // the opening fence's indentation, stripped from the body
	body       string
	comment    string // the text of a <!-- rgc: ... --> comment just before
	hasComment bool
	heading    string // the nearest heading above
}

var (
	fenceOpen  = regexp.MustCompile("^([ \t]*)(```+)[ \t]*([^ \t`]*)")
	rgcComment = regexp.MustCompile(`^\s*<!--\s*rgc:(.*?)-->\s*$`)
	headingRx  = regexp.MustCompile(`^#{1,6}\s`)
)

// docFiles returns docs/*.md and the README.
func docFiles(t *testing.T) []*mdFile {
	t.Helper()
	paths, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	paths = append(paths, filepath.Join("..", "README.md"))
	var files []*mdFile
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, parseMarkdown(p, string(b)))
	}
	return files
}

// parseMarkdown finds the fenced blocks and headings of text. It knows
// only what the docs use: backtick fences, possibly indented.
func parseMarkdown(path, text string) *mdFile {
	f := &mdFile{path: path, lines: strings.Split(text, "\n")}
	heading := ""
	for i := 0; i < len(f.lines); i++ {
		line := f.lines[i]
		m := fenceOpen.FindStringSubmatch(line)
		if m == nil {
			if headingRx.MatchString(line) {
				f.headings = append(f.headings, i)
				heading = strings.TrimSpace(strings.TrimLeft(line, "#"))
			}
			continue
		}
		fc := &fence{file: f, info: m[3], open: i, indent: m[1], heading: heading, end: len(f.lines)}
		closing := m[1] + m[2]
		var body []string
		for j := i + 1; j < len(f.lines); j++ {
			if strings.TrimRight(f.lines[j], " \t") == closing {
				fc.end = j
				break
			}
			body = append(body, strings.TrimPrefix(f.lines[j], fc.indent))
		}
		fc.body = strings.Join(body, "\n")
		if len(body) > 0 {
			fc.body += "\n"
		}
		for k := i - 1; k >= 0; k-- {
			if strings.TrimSpace(f.lines[k]) == "" {
				continue
			}
			if c := rgcComment.FindStringSubmatch(f.lines[k]); c != nil {
				fc.comment, fc.hasComment = strings.TrimSpace(c[1]), true
			}
			break
		}
		f.fences = append(f.fences, fc)
		i = fc.end
	}
	return f
}

// headingBetween reports whether a heading lies between two fences, which
// ends an example: its output blocks must be in the same section.
func (f *mdFile) headingBetween(a, b *fence) bool {
	for _, h := range f.headings {
		if h > a.end && h < b.open {
			return true
		}
	}
	return false
}

// loc names a fence for messages: file:line of its opening.
func (fc *fence) loc() string {
	return fc.file.path + ":" + strconv.Itoa(fc.open+1)
}

// edit replaces lines [from, to) of a file.
type edit struct {
	from, to int
	lines    []string
}

// applyEdits rewrites f.path with the edits applied, last first.
func applyEdits(t *testing.T, f *mdFile, edits []edit) {
	t.Helper()
	if len(edits) == 0 {
		return
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	lines := append([]string{}, f.lines...)
	for _, e := range edits {
		lines = append(lines[:e.from], append(append([]string{}, e.lines...), lines[e.to:]...)...)
	}
	if err := os.WriteFile(f.path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fenceLines renders a block with the given info string and body,
// indented like the block it belongs to.
func fenceLines(indent, info, body string) []string {
	out := []string{indent + "```" + info}
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if l == "" {
			out = append(out, "")
			continue
		}
		out = append(out, indent+l)
	}
	return append(out, indent+"```")
}

var (
	linkRx     = regexp.MustCompile(`\]\(([^()\s]+)\)`)
	codeSpanRx = regexp.MustCompile("`[^`]*`")
	slugDropRx = regexp.MustCompile(`[^\p{L}\p{N}\s_-]`)
)

// slug is GitHub's anchor for a heading: lower case, punctuation dropped,
// spaces as hyphens.
func slug(heading string) string {
	s := strings.ToLower(strings.TrimSpace(heading))
	s = slugDropRx.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, " ", "-")
}

// anchors returns the heading anchors of f, with GitHub's -1, -2 suffixes
// for repeated headings.
func (f *mdFile) anchors() map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, i := range f.headings {
		s := slug(strings.TrimLeft(f.lines[i], "#"))
		if n := seen[s]; n > 0 {
			out[s+"-"+strconv.Itoa(n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

// TestLinks checks the relative links of the docs and the README: the
// target exists, and an anchor into one of these Markdown files names a
// heading of it.
func TestLinks(t *testing.T) {
	files := docFiles(t)
	byPath := map[string]*mdFile{}
	for _, f := range files {
		abs, err := filepath.Abs(f.path)
		if err != nil {
			t.Fatal(err)
		}
		byPath[abs] = f
	}
	n := 0
	for _, f := range files {
		inFence := map[int]bool{}
		for _, fc := range f.fences {
			for i := fc.open; i <= fc.end && i < len(f.lines); i++ {
				inFence[i] = true
			}
		}
		for i, line := range f.lines {
			if inFence[i] {
				continue
			}
			for _, m := range linkRx.FindAllStringSubmatch(codeSpanRx.ReplaceAllString(line, ""), -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				n++
				path, anchor, _ := strings.Cut(target, "#")
				var dest *mdFile
				if path == "" {
					dest = f
				} else {
					abs, err := filepath.Abs(filepath.Join(filepath.Dir(f.path), path))
					if err != nil {
						t.Fatal(err)
					}
					if _, err := os.Stat(abs); err != nil {
						t.Errorf("%s:%d: link to %s: %v", f.path, i+1, target, err)
						continue
					}
					dest = byPath[abs]
				}
				if anchor != "" && dest != nil && !dest.anchors()[anchor] {
					t.Errorf("%s:%d: link to %s: %s has no heading with anchor #%s", f.path, i+1, target, dest.path, anchor)
				}
			}
		}
	}
	t.Logf("%d relative links checked", n)
}
