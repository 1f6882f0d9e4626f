package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/zalando/skipper/dataclients/kubernetes"
	"github.com/zalando/skipper/dataclients/kubernetes/definitions"
	"github.com/zalando/skipper/dataclients/kubernetes/kubernetestest"
	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/backend"
	"github.com/rgc-dev/rgc/diag"
	"github.com/rgc-dev/rgc/frontend"
	"github.com/rgc-dev/rgc/internal/gen"
	"github.com/rgc-dev/rgc/internal/src"
	"github.com/rgc-dev/rgc/ir"
	"github.com/rgc-dev/rgc/passes"
)

// state is one generated cluster with everything the contenders need.
type state struct {
	label      string // "10000" or "10000×40h"
	groups     int
	yaml, json []byte
	srv        *httptest.Server // Skipper's fake API server over the JSON
	rgJSON     []byte           // the route groups as the API serves them
	routes     []*eskip.Route   // rgc's table, for the printers
	scaling    bool             // only the end to end compilations
	hosts      int              // hosts per group; 0: 1 to 3

	yamlPath, jsonPath string // the state in files, for the whole processes
}

// newState generates a state and starts Skipper's fake API server for
// it. It checks that rgc and Skipper build the same table: a benchmark
// of different work would mean nothing.
func newState(cfg gen.Config, label string) (*state, error) {
	g := gen.Generate(cfg)
	s := &state{label: label, groups: cfg.Groups, yaml: g.YAML(), json: g.JSON()}
	api, err := kubernetestest.NewAPI(kubernetestest.TestAPIOptions{}, bytesReader(s.json))
	if err != nil {
		return nil, err
	}
	s.srv = httptest.NewServer(api)
	rsp, err := http.Get(s.srv.URL + "/apis/zalando.org/v1/routegroups")
	if err != nil {
		return nil, err
	}
	defer rsp.Body.Close()
	if s.rgJSON, err = io.ReadAll(rsp.Body); err != nil {
		return nil, err
	}
	res, err := rgc.Compile(rgc.Options{}, rgc.Input{Name: "state.json", Content: s.json})
	if err != nil {
		return nil, err
	}
	if res.HasErrors() {
		return nil, fmt.Errorf("%s: the generated state has errors: %v", label, res.Diagnostics.Err())
	}
	s.routes = res.Routes
	want, err := skipperLoadAll(s.srv.URL, "")
	if err != nil {
		return nil, err
	}
	if !eskip.EqLists(res.Routes, want) {
		return nil, fmt.Errorf("%s: rgc's table (%d routes) differs from Skipper's (%d)", label, len(res.Routes), len(want))
	}
	return s, nil
}

func (s *state) close() { s.srv.Close() }

// skipperLoadAll is Skipper's whole pass: a client, then LoadAll. A
// routeGroupClass that no group has makes Skipper fetch, decode and
// validate every group and convert none.
func skipperLoadAll(url, routeGroupClass string) ([]*eskip.Route, error) {
	c, err := kubernetes.New(kubernetes.Options{KubernetesURL: url, RouteGroupClass: routeGroupClass})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.LoadAll()
}

// noClass matches no route group's class annotation.
const noClass = "^bench-matches-no-class$"

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// contenders lists what is measured for a state. With full set, Skipper's
// phases and rgc's phases are measured too; otherwise only the end to end
// compilations (for scaling).
func contenders(s *state, full bool) []*contender {
	name := func(n string) string { return n + " @" + s.label }
	cs := []*contender{
		{name: name("skipper LoadAll"), run: func(any) any { return must(skipperLoadAll(s.srv.URL, "")) }},
		{name: name("rgc json"), run: func(any) any { return must(rgc.Compile(rgc.Options{}, rgc.Input{Name: "s.json", Content: s.json})) }},
		{name: name("rgc yaml"), run: func(any) any { return must(rgc.Compile(rgc.Options{}, rgc.Input{Name: "s.yaml", Content: s.yaml})) }},
	}
	if !full {
		return cs
	}
	pretty := eskip.PrettyPrintInfo{Pretty: true, IndentStr: "  "}
	cs = append(cs,
		&contender{name: name("process skipper LoadAll"), process: true, run: func(any) any { return must(0, runChild("loadall", s.srv.URL)) }},
		&contender{name: name("process rgc compile yaml"), process: true, run: func(any) any { return must(0, runChild("rgc", s.yamlPath)) }},
		&contender{name: name("skipper fetch+validate"), run: func(any) any { return must(skipperLoadAll(s.srv.URL, noClass)) }},
		&contender{name: name("skipper validate"),
			setup: func() any { return must(definitions.ParseRouteGroupsJSON(s.rgJSON)).Items },
			run: func(in any) any {
				v := &definitions.RouteGroupValidator{}
				n := 0
				for _, it := range in.([]*definitions.RouteGroupItem) {
					if v.Validate(it) == nil {
						n++
					}
				}
				return n
			}},
		&contender{name: name("rgc parse json"), run: func(any) any { return parse("s.json", s.json) }},
		&contender{name: name("rgc parse yaml"), run: func(any) any { return parse("s.yaml", s.yaml) }},
		&contender{name: name("rgc compile"),
			setup: func() any { return parse("s.json", s.json) },
			run:   func(in any) any { return compile(in.(*ir.Program)) }},
		&contender{name: name("eskip.Print"), run: func(any) any { return eskip.Print(eskip.PrettyPrintInfo{}, s.routes...) }},
		&contender{name: name("rgc print"), run: func(any) any { return backend.Append(nil, eskip.PrettyPrintInfo{}, s.routes...) }},
		&contender{name: name("eskip.Print pretty"), run: func(any) any { return eskip.Print(pretty, s.routes...) }},
		&contender{name: name("rgc print pretty"), run: func(any) any { return backend.Append(nil, pretty, s.routes...) }},
	)
	return cs
}

// parse is rgc's front end alone.
func parse(name string, content []byte) *ir.Program {
	prog, diags := frontend.Load([]*src.File{src.NewFile(name, content)})
	if diags.HasErrors() {
		panic(diags.Err())
	}
	return prog
}

// compile is rgc's compilation of a parsed program to Skipper routes, as
// rgc.Compile does it after the front end.
func compile(prog *ir.Program) []*eskip.Route {
	var diags diag.List
	out := must(passes.Run(prog, rgc.Options{}, &diags))
	return backend.Routes(out.Table)
}
