package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// schemaInputs are the inputs the schema tests check rgc's reports on:
// every YAML input of the CLI's and the analysis' test cases, written to a
// temporary directory, and a -default-filters-dir that does not exist (a
// diagnostic with a file but no line).
func schemaInputs(t *testing.T) [][]string {
	dir := t.TempDir()
	var runs [][]string
	for _, pattern := range []string{"testdata/*.txtar", "../../analysis/testdata/*.txtar"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, f := range parseTxtar(data).files {
				if !strings.HasSuffix(f.name, ".yaml") || len(f.data) == 0 {
					continue
				}
				name := filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), ".txtar")+"-"+filepath.Base(f.name))
				if err := os.WriteFile(name, f.data, 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, name)
			}
			if len(files) > 0 {
				runs = append(runs, files)
			}
		}
	}
	if len(runs) < 10 {
		t.Fatalf("only %d inputs", len(runs))
	}
	runs = append(runs, []string{"-default-filters-dir", filepath.Join(dir, "missing"), runs[0][0]})
	return runs
}

// report runs rgc check -o format and decodes standard output.
func report(t *testing.T, format string, args []string) (map[string]any, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"check", "-v", "-o", format}, args...), nil, &stdout, &stderr)
	if code > exitErrors || stderr.Len() > 0 {
		t.Fatalf("rgc check -o %s %s: exit %d, stderr:\n%s", format, strings.Join(args, " "), code, stderr.String())
	}
	var v map[string]any
	dec := json.NewDecoder(&stdout)
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("rgc check -o %s: %v", format, err)
	}
	return v, code
}

func loadSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// TestJSONSchema validates rgc check -o json against
// testdata/schema/check-report.schema.json, and checks what a schema
// cannot say: the summary counts the diagnostics, the exit status follows
// the errors, positions are all known or all unknown.
func TestJSONSchema(t *testing.T) {
	schema := loadSchema(t, "check-report.schema.json")
	for _, args := range schemaInputs(t) {
		v, code := report(t, "json", args)
		for _, e := range validate(schema, v, "$") {
			t.Errorf("%s: %s", strings.Join(args, " "), e)
		}
		counts := map[string]json.Number{}
		for _, d := range list(v["diagnostics"]) {
			d := d.(map[string]any)
			counts[d["severity"].(string)] = json.Number(fmt.Sprint(num(counts[d["severity"].(string)]) + 1))
			if (num(d["line"]) == 0) != (num(d["column"]) == 0) {
				t.Errorf("%s: line and column must both be known or unknown: %v", strings.Join(args, " "), d)
			}
		}
		sum := v["summary"].(map[string]any)
		for key, sev := range map[string]string{"errors": "error", "warnings": "warning", "infos": "info"} {
			if num(sum[key]) != num(counts[sev]) {
				t.Errorf("%s: summary.%s = %v, but %v diagnostics", strings.Join(args, " "), key, sum[key], num(counts[sev]))
			}
		}
		if (num(sum["errors"]) > 0) != (code == exitErrors) {
			t.Errorf("%s: exit %d with %v errors", strings.Join(args, " "), code, sum["errors"])
		}
	}
}

// TestSARIFSchema validates rgc check -o sarif against the SARIF 2.1.0
// requirements in testdata/schema/sarif-2.1.0-subset.schema.json, and
// checks that every result's ruleIndex names its ruleId and that every
// rule is used.
func TestSARIFSchema(t *testing.T) {
	schema := loadSchema(t, "sarif-2.1.0-subset.schema.json")
	for _, args := range schemaInputs(t) {
		v, _ := report(t, "sarif", args)
		where := strings.Join(args, " ")
		for _, e := range validate(schema, v, "$") {
			t.Errorf("%s: %s", where, e)
		}
		for _, r := range list(v["runs"]) {
			r := r.(map[string]any)
			rules := list(r["tool"].(map[string]any)["driver"].(map[string]any)["rules"])
			used := map[int]bool{}
			for _, res := range list(r["results"]) {
				res := res.(map[string]any)
				i := int(num(res["ruleIndex"]))
				if i < 0 || i >= len(rules) || rules[i].(map[string]any)["id"] != res["ruleId"] {
					t.Errorf("%s: result %v: ruleIndex %d does not name rule %v", where, res["message"], i, res["ruleId"])
					continue
				}
				used[i] = true
			}
			if len(used) != len(rules) {
				t.Errorf("%s: %d rules, %d used", where, len(rules), len(used))
			}
		}
	}
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func num(v any) float64 {
	n, _ := v.(json.Number)
	f, _ := n.Float64()
	return f
}

// validate checks v against the subset of JSON Schema the schema files
// use: type, const, enum, pattern, minimum, minItems, properties,
// required, additionalProperties (false) and items. It returns one message
// per violation, with the JSON path.
func validate(s map[string]any, v any, at string) []string {
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, a...)) }
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		fail("want %v, got %v", c, v)
	}
	if e, ok := s["enum"]; ok {
		found := false
		for _, x := range e.([]any) {
			found = found || fmt.Sprint(x) == fmt.Sprint(v)
		}
		if !found {
			fail("%v is not one of %v", v, e)
		}
	}
	if t, ok := s["type"].(string); ok && !hasType(v, t) {
		fail("want %s, got %T", t, v)
		return errs
	}
	switch v := v.(type) {
	case string:
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			fail("%q does not match %s", v, p)
		}
	case json.Number:
		if m, ok := s["minimum"].(float64); ok && num(v) < m {
			fail("%v is less than %v", v, m)
		}
	case []any:
		if m, ok := s["minItems"].(float64); ok && float64(len(v)) < m {
			fail("%d items, want at least %v", len(v), m)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, validate(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range list(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				fail("missing %q", r)
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					fail("unexpected property %q", k)
				}
				continue
			}
			errs = append(errs, validate(ps, v[k], at+"."+k)...)
		}
	}
	return errs
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		return ok && !strings.ContainsAny(n.String(), ".eE")
	case "number":
		_, ok := v.(json.Number)
		return ok
	}
	return false
}

// TestValidatorRejects makes sure the validator is not vacuous.
func TestValidatorRejects(t *testing.T) {
	schema := loadSchema(t, "sarif-2.1.0-subset.schema.json")
	bad := `{"version": "2.0.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal", "message": {},
		"locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}`
	var v any
	dec := json.NewDecoder(strings.NewReader(bad))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(validate(schema, v, "$"), "\n")
	for _, want := range []string{`$.version: want 2.1.0`, `$.runs[0].tool.driver: missing "name"`, `level: fatal is not one of`,
		`message: missing "text"`, `region.startLine: 0 is less than 1`} {
		if !strings.Contains(got, want) {
			t.Errorf("the validator did not report %q; it reported:\n%s", want, got)
		}
	}
}
