package passes

import (
	"strings"
	"testing"
)

func TestPipelineOrder(t *testing.T) {
	if err := Validate(Pipeline); err != nil {
		t.Fatal(err)
	}
	for _, p := range Pipeline {
		if p.Doc == "" {
			t.Errorf("pass %s has no Doc", p.Name)
		}
		if len(p.After) > 0 && p.Why == "" {
			t.Errorf("pass %s names passes it must follow but not why", p.Name)
		}
	}
}

func TestValidateRejectsWrongOrder(t *testing.T) {
	ps := []*Pass{{Name: "b", After: []string{"a"}}, {Name: "a"}}
	err := Validate(ps)
	if err == nil || !strings.Contains(err.Error(), "b must run after a") {
		t.Fatalf("got %v", err)
	}
}

func TestTrafficPredicateShares(t *testing.T) {
	// weights 1,2,3,4: each share is relative to the remaining weight
	refs := refsWithWeights(1, 2, 3, 4)
	got := trafficPredicateShares(refs)
	want := []share{{value: 0.1, balance: 2}, {value: 2.0 / 9, balance: 1}, {value: 3.0 / 7, balance: 0}, {value: 1, balance: -1}}
	for i := range want {
		if got[i].value != want[i].value || got[i].balance != want[i].balance {
			t.Errorf("ref %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestTrafficSegmentShares(t *testing.T) {
	got := trafficSegmentShares(refsWithWeights(20, 30, 50))
	want := [][2]float64{{0, 0.2}, {0.2, 0.5}, {0.5, 1}}
	for i, w := range want {
		if got[i].min != w[0] || got[i].max != w[1] {
			t.Errorf("ref %d: got [%v, %v), want %v", i, got[i].min, got[i].max, w)
		}
	}
}

func TestToSymbol(t *testing.T) {
	for in, want := range map[string]string{"foo-bar": "foo_bar", "a.b.example.org": "a_b_example_org", "x_Y9": "x_Y9", "ü": "__"} {
		if got := toSymbol(in); got != want {
			t.Errorf("toSymbol(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostRx(t *testing.T) {
	got := hostRx("a.example.org", "b.org")
	want := `^(a[.]example[.]org[.]?(:[0-9]+)?|b[.]org[.]?(:[0-9]+)?)$`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
