package serve

import (
	"errors"
	"sync"

	"github.com/zalando/skipper/eskip"
	"github.com/zalando/skipper/routing"
)

// errNotLoaded makes Skipper retry LoadAll until the first table is in.
var errNotLoaded = errors.New("rgc: no routing table compiled yet")

// dataClient hands the current table to Skipper's routing. Skipper polls
// it: LoadAll at start and after an error, LoadUpdate on every poll. Each
// answer turns Skipper's copy of the table into the current table in one
// update, so Skipper never builds a routing tree from half a table.
type dataClient struct {
	mu      sync.Mutex
	current *table
	// applied is the table Skipper has, by route id → eskip text;
	// delivered the table itself.
	applied   map[string]string
	delivered *table
}

var _ routing.NamedDataClient = (*dataClient)(nil)

func (c *dataClient) Name() string { return "rgc" }

// set makes t the table the next poll delivers.
func (c *dataClient) set(t *table) {
	c.mu.Lock()
	c.current = t
	c.mu.Unlock()
}

// deliveredTable is the table Skipper fetched last; nil before.
func (c *dataClient) deliveredTable() *table {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.delivered
}

// LoadAll returns the whole current table.
func (c *dataClient) LoadAll() ([]*eskip.Route, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current == nil {
		return nil, errNotLoaded
	}
	c.applied, c.delivered = c.current.byID, c.current
	// Skipper's routing may edit the routes it is given (pre-processors);
	// the table's routes are also rendered for the route server.
	return eskip.CopyRoutes(c.current.routes), nil
}

// LoadUpdate returns the routes added or changed and the ids of the routes
// removed since the last call.
func (c *dataClient) LoadUpdate() ([]*eskip.Route, []string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current == nil {
		return nil, nil, errNotLoaded
	}
	if c.applied == nil {
		// Skipper asked for an update before a full load; make it reload.
		return nil, nil, errNotLoaded
	}
	upserts, deletes := c.current.diff(c.applied)
	c.applied, c.delivered = c.current.byID, c.current
	return eskip.CopyRoutes(upserts), deletes, nil
}
