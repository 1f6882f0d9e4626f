package frontend

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rgc-dev/rgc/ir"
)

// TestCRDRulesMatchSkipper derives every constraint from the RouteGroup CRD
// in Skipper's module and compares the list with ir.CRDRules, which the
// checks read: a Skipper upgrade that changes the schema fails here.
func TestCRDRulesMatchSkipper(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zalando/skipper").Output()
	if err != nil {
		t.Fatalf("locating skipper's module: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "dataclients/kubernetes/deploy/apply/routegroups_crd.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var crd struct {
		Spec struct {
			Versions []struct {
				Name   string
				Schema struct {
					OpenAPIV3Schema schemaNode `yaml:"openAPIV3Schema"`
				}
			}
		}
	}
	if err := yaml.Unmarshal(b, &crd); err != nil {
		t.Fatal(err)
	}
	if len(crd.Spec.Versions) != 1 || crd.Spec.Versions[0].Name != "v1" {
		t.Fatalf("the CRD has versions %v; rgc reads zalando.org/v1 only", crd.Spec.Versions)
	}
	var derived []string
	crd.Spec.Versions[0].Schema.OpenAPIV3Schema.rules("", &derived)
	sort.Strings(derived)
	codes, err := os.ReadFile("../diag/codes.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, r := range ir.CRDRules {
		declared = append(declared, r.Path+" "+r.Kind+" "+r.Arg)
		if r.Code == "" && !strings.HasPrefix(r.By, "not applied: ") {
			t.Errorf("rule %s %s %s: no code, and By does not say why it is not applied", r.Path, r.Kind, r.Arg)
		}
		if r.Code != "" && !strings.Contains(string(codes), `Code = "`+r.Code+`"`) {
			t.Errorf("rule %s %s %s: code %s is not declared in diag/codes.go", r.Path, r.Kind, r.Arg, r.Code)
		}
	}
	sort.Strings(declared)
	if strings.Join(derived, "\n") != strings.Join(declared, "\n") {
		t.Errorf("ir.CRDRules differ from Skipper's CRD\nCRD:\n%s\n\nir.CRDRules:\n%s", strings.Join(derived, "\n"), strings.Join(declared, "\n"))
	}
	if len(derived) < 20 {
		t.Errorf("only %d rules derived from the CRD; the walk lost some", len(derived))
	}
}

// schemaNode is the part of an OpenAPI v3 schema that carries constraints.
type schemaNode struct {
	Type       string
	Properties map[string]*schemaNode
	Items      *schemaNode
	Required   []string
	Enum       []string
	Pattern    string
	MinItems   *int    `yaml:"minItems"`
	MaxLength  *int    `yaml:"maxLength"`
	Minimum    *int    `yaml:"minimum"`
	MaxItems   *int    `yaml:"maxItems"`
	Maximum    *int    `yaml:"maximum"`
	MinLength  *int    `yaml:"minLength"`
	ListType   string  `yaml:"x-kubernetes-list-type"`
	Format     string  `yaml:"format"`
	OneOf      []any   `yaml:"oneOf"`
	AnyOf      []any   `yaml:"anyOf"`
	Validation []any   `yaml:"x-kubernetes-validations"`
	Nullable   *bool   `yaml:"nullable"`
	Default    any     `yaml:"default"`
	MultipleOf *string `yaml:"multipleOf"`
}

func (s *schemaNode) rules(path string, out *[]string) {
	add := func(kind, arg string) { *out = append(*out, path+" "+kind+" "+arg) }
	for _, r := range s.Required {
		add("required", r)
	}
	if s.MinItems != nil {
		add("minItems", strconv.Itoa(*s.MinItems))
	}
	if s.MaxLength != nil {
		add("maxLength", strconv.Itoa(*s.MaxLength))
	}
	if s.Minimum != nil {
		add("minimum", strconv.Itoa(*s.Minimum))
	}
	if len(s.Enum) > 0 {
		add("enum", strings.Join(s.Enum, "|"))
	}
	if s.Pattern != "" {
		add("pattern", s.Pattern)
	}
	if s.ListType == "set" {
		add("set", "")
	}
	// Constraints rgc has no rule kind for yet: adding one to the CRD must
	// fail this test rather than pass unnoticed.
	for kind, set := range map[string]bool{
		"maxItems": s.MaxItems != nil, "maximum": s.Maximum != nil, "minLength": s.MinLength != nil,
		"format": s.Format != "", "oneOf": s.OneOf != nil, "anyOf": s.AnyOf != nil,
		"x-kubernetes-validations": s.Validation != nil, "nullable": s.Nullable != nil,
		"default": s.Default != nil, "multipleOf": s.MultipleOf != nil,
		"x-kubernetes-list-type=" + s.ListType: s.ListType != "" && s.ListType != "set",
	} {
		if set {
			add(kind, "unsupported")
		}
	}
	for name, p := range s.Properties {
		p.rules(joinPath(path, name), out)
	}
	if s.Items != nil {
		s.Items.rules(path+"[]", out)
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
