package rgc

import (
	"sort"
	"sync"

	"github.com/zalando/skipper/eskip"

	"github.com/rgc-dev/rgc/passes"
)

// DataClient is a Skipper data client (routing.DataClient) over an
// incremental Compiler. The host program pushes documents; Skipper polls
// LoadAll once and LoadUpdate afterwards, and receives only the routes
// that changed:
//
//	dc := rgc.NewDataClient(rgc.CLIDefaults())
//	dc.Push(rgc.Change{Name: "routes.yaml", Content: b})
//	skipper.Run(skipper.Options{CustomDataClients: []routing.DataClient{dc}, ...})
//
// It is safe for concurrent use.
type DataClient struct {
	mu       sync.Mutex
	c        *Compiler
	pending  []Change
	upserted map[string]*eskip.Route
	deleted  map[string]bool
}

// NewDataClient returns a data client with no documents.
func NewDataClient(opts Options) *DataClient {
	return &DataClient{c: NewCompiler(opts), upserted: map[string]*eskip.Route{}, deleted: map[string]bool{}}
}

// CLIDefaults returns the options as Skipper's command line sets them by
// default: HTTPS redirect routes with 308, health check routes.
func CLIDefaults() Options { return passes.CLIDefaults() }

// Push queues changes; the next LoadAll or LoadUpdate applies them.
func (d *DataClient) Push(changes ...Change) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = append(d.pending, changes...)
}

// apply compiles the pending changes and accumulates their delta.
func (d *DataClient) apply() error {
	if len(d.pending) == 0 {
		return nil
	}
	delta, err := d.c.Update(d.pending...)
	d.pending = nil
	if err != nil {
		return err
	}
	for _, id := range delta.Deleted {
		delete(d.upserted, id)
		d.deleted[id] = true
	}
	for _, r := range delta.Upserted {
		delete(d.deleted, r.Id)
		d.upserted[r.Id] = r
	}
	return nil
}

// LoadAll returns the whole table.
func (d *DataClient) LoadAll() ([]*eskip.Route, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.apply(); err != nil {
		return nil, err
	}
	d.upserted, d.deleted = map[string]*eskip.Route{}, map[string]bool{}
	return d.c.Routes(), nil
}

// LoadUpdate returns the routes that changed since the last load and the
// ids of those that were deleted.
func (d *DataClient) LoadUpdate() ([]*eskip.Route, []string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.apply(); err != nil {
		return nil, nil, err
	}
	up := make([]*eskip.Route, 0, len(d.upserted))
	for _, r := range d.upserted {
		up = append(up, r)
	}
	sort.Slice(up, func(i, j int) bool { return up[i].Id < up[j].Id })
	del := make([]string, 0, len(d.deleted))
	for id := range d.deleted {
		del = append(del, id)
	}
	sort.Strings(del)
	d.upserted, d.deleted = map[string]*eskip.Route{}, map[string]bool{}
	return up, del, nil
}

// Diagnostics returns the problems of the current documents.
func (d *DataClient) Diagnostics() Diagnostics {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.c.Diagnostics()
}
