package kube

import (
	"context"
	"fmt"
	"sort"

	"github.com/rgc-dev/rgc"
)

// State is what a Snapshot read: every object, in document name order.
type State struct {
	Objects []*Object
	// RV is the resourceVersion all lists were read at.
	RV string
	// NoRouteGroups is set when the RouteGroup CRD is not installed (and
	// route groups were to be read): as Skipper, rgc reads none.
	NoRouteGroups bool
}

// Inputs are the objects as documents for rgc.Compile.
func (s *State) Inputs() []rgc.Input {
	in := make([]rgc.Input, len(s.Objects))
	for i, o := range s.Objects {
		in[i] = rgc.Input{Name: o.Name, Content: o.Doc}
	}
	return in
}

// snapshotTries is how often Snapshot starts over when the state it
// began reading was compacted away under it.
const snapshotTries = 3

// Snapshot reads every resource once. The first list sets the
// resourceVersion; the others are read at exactly that version, so the
// objects are one state of the cluster, not five lists taken at slightly
// different times (a Service and its Endpoints, say, that never coexisted).
func (c *Client) Snapshot(ctx context.Context) (*State, error) {
	var err error
	for range snapshotTries {
		var s *State
		if s, err = c.snapshot(ctx); err == nil {
			return s, nil
		}
		if !IsGone(err) {
			return nil, err
		}
	}
	return nil, err
}

func (c *Client) snapshot(ctx context.Context) (*State, error) {
	s := &State{}
	rs := c.cfg.Resources()
	var read []Resource
	for _, r := range rs {
		if r.Name == RouteGroups.Name {
			ok, err := c.HasRouteGroups(ctx)
			if err != nil {
				return nil, fmt.Errorf("kubernetes: discovery of route groups: %w", err)
			}
			if !ok {
				s.NoRouteGroups = true
				continue
			}
		}
		read = append(read, r)
	}
	for _, r := range read {
		rv, err := c.list(ctx, r, s.RV, func(o *Object) { s.Objects = append(s.Objects, o) })
		if err != nil {
			return nil, fmt.Errorf("kubernetes: %w", err)
		}
		if s.RV == "" {
			s.RV = rv
		}
	}
	sort.Slice(s.Objects, func(i, j int) bool { return s.Objects[i].Name < s.Objects[j].Name })
	return s, nil
}
