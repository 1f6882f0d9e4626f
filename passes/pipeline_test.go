package passes

import (
	"strings"
	"testing"

	"github.com/rgc-dev/rgc/ir"
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
	want := []ir.Share{{Value: 0.1, Balance: 2}, {Value: 2.0 / 9, Balance: 1}, {Value: 3.0 / 7, Balance: 0}, {Value: 1, Balance: -1}}
	for i := range want {
		if got[i].Value != want[i].Value || got[i].Balance != want[i].Balance {
			t.Errorf("ref %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestTrafficSegmentShares(t *testing.T) {
	got := trafficSegmentShares(refsWithWeights(20, 30, 50))
	want := [][2]float64{{0, 0.2}, {0.2, 0.5}, {0.5, 1}}
	for i, w := range want {
		if got[i].Min != w[0] || got[i].Max != w[1] {
			t.Errorf("ref %d: got [%v, %v), want %v", i, got[i].Min, got[i].Max, w)
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
