package kube

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// StatusError is an answer of the API server other than 200 OK, with the
// Status object it sent when it sent one.
type StatusError struct {
	Method, URL string
	Code        int
	Reason      string
	Message     string
}

// Error renders the request and the answer.
func (e *StatusError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Code)
	}
	s := fmt.Sprintf("%s %s: %d", e.Method, e.URL, e.Code)
	if e.Reason != "" {
		s += " " + e.Reason
	}
	return s + ": " + msg
}

// IsGone reports whether err is 410 Gone: the resourceVersion asked for
// has been compacted away; the caller must list afresh.
func IsGone(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusGone
}

// IsNotFound reports whether err is 404 Not Found.
func IsNotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusNotFound
}

// IsForbidden reports whether err is 401 or 403: the credentials do not
// allow the request (RBAC).
func IsForbidden(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Code == http.StatusForbidden || se.Code == http.StatusUnauthorized)
}

// status is the API's Status object, as far as rgc reads it.
type status struct {
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Reason  string `json:"reason"`
	Code    int    `json:"code"`
}

func (c *Client) url(path string, q url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = q.Encode()
	return u.String()
}

// do sends a request and returns the response if it is 200 or 201; any
// other status becomes a *StatusError.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body []byte, contentType string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	u := c.url(path, q)
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rsp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if rsp.StatusCode == http.StatusOK || rsp.StatusCode == http.StatusCreated {
		return rsp, nil
	}
	defer rsp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(rsp.Body, 64<<10))
	se := &StatusError{Method: method, URL: u, Code: rsp.StatusCode}
	var st status
	if json.Unmarshal(b, &st) == nil && st.Kind == "Status" {
		se.Reason, se.Message = st.Reason, st.Message
	} else {
		se.Message = string(bytes.TrimSpace(b))
	}
	return nil, se
}

// HasRouteGroups asks the discovery endpoint of zalando.org/v1 whether
// the RouteGroup CRD is installed, as Skipper does before each list.
func (c *Client) HasRouteGroups(ctx context.Context) (bool, error) {
	rsp, err := c.do(ctx, http.MethodGet, "/apis/zalando.org/v1", nil, nil, "")
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer rsp.Body.Close()
	var list struct {
		Resources []struct {
			Name string `json:"name"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(rsp.Body).Decode(&list); err != nil {
		return false, fmt.Errorf("discovery of zalando.org/v1: %w", err)
	}
	for _, r := range list.Resources {
		if r.Name == RouteGroups.Name {
			return true, nil
		}
	}
	return false, nil
}

// listPage is a page of a LIST answer.
type listPage struct {
	Metadata struct {
		ResourceVersion string `json:"resourceVersion"`
		Continue        string `json:"continue"`
	} `json:"metadata"`
	Items []json.RawMessage `json:"items"`
}

// pageSize is the limit of each LIST request: big lists come in pages,
// so neither side holds one huge answer.
const pageSize = 500

// list reads the whole collection of r, page by page, calling fn for each
// object, and returns the list's resourceVersion. With rv set, it reads
// the collection as it was at rv exactly (one state across resources);
// else the current state.
func (c *Client) list(ctx context.Context, r Resource, rv string, fn func(*Object)) (string, error) {
	q := url.Values{}
	q.Set("limit", strconv.Itoa(pageSize))
	if r.Selector != "" {
		q.Set("labelSelector", r.Selector)
	}
	if rv != "" {
		q.Set("resourceVersion", rv)
		q.Set("resourceVersionMatch", "Exact")
	}
	path := r.Path(c.cfg.Namespace)
	for {
		rsp, err := c.do(ctx, http.MethodGet, path, q, nil, "")
		if err != nil {
			return "", err
		}
		var page listPage
		err = json.NewDecoder(rsp.Body).Decode(&page)
		rsp.Body.Close()
		if err != nil {
			return "", fmt.Errorf("list %s: %w", r.Name, err)
		}
		for _, item := range page.Items {
			o, err := newObject(r, item)
			if err != nil {
				return "", fmt.Errorf("list %s: %w", r.Name, err)
			}
			fn(o)
		}
		if page.Metadata.Continue == "" {
			return page.Metadata.ResourceVersion, nil
		}
		// The continue token carries the list's resourceVersion.
		q.Del("resourceVersion")
		q.Del("resourceVersionMatch")
		q.Set("continue", page.Metadata.Continue)
	}
}

// Event is one event of a watch.
type Event struct {
	Type   string // ADDED, MODIFIED, DELETED, BOOKMARK
	Object *Object
	// RV is the resourceVersion the event brings the stream to.
	RV string
}

// watchEvent is the wire form of a watch event.
type watchEvent struct {
	Type   string          `json:"type"`
	Object json.RawMessage `json:"object"`
}

// watch opens a watch on r from resourceVersion rv and calls fn for each
// event until the stream ends (nil: the server closed it after
// timeoutSeconds, watch again from the last RV), ctx is done, or an error
// event or a broken stream ends it.
func (c *Client) watch(ctx context.Context, r Resource, rv string, timeoutSeconds int, fn func(Event)) error {
	q := url.Values{}
	q.Set("watch", "1")
	q.Set("allowWatchBookmarks", "true")
	q.Set("resourceVersion", rv)
	q.Set("timeoutSeconds", strconv.Itoa(timeoutSeconds))
	if r.Selector != "" {
		q.Set("labelSelector", r.Selector)
	}
	path := r.Path(c.cfg.Namespace)
	rsp, err := c.do(ctx, http.MethodGet, path, q, nil, "")
	if err != nil {
		return err
	}
	defer rsp.Body.Close()
	dec := json.NewDecoder(rsp.Body)
	for {
		var ev watchEvent
		if err := dec.Decode(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("watch %s: %w", r.Name, err)
		}
		switch ev.Type {
		case "ERROR":
			var st status
			json.Unmarshal(ev.Object, &st)
			return &StatusError{Method: http.MethodGet, URL: c.url(path, q), Code: st.Code, Reason: st.Reason, Message: st.Message}
		case "BOOKMARK":
			var m struct {
				Metadata struct {
					ResourceVersion string `json:"resourceVersion"`
				} `json:"metadata"`
			}
			if err := json.Unmarshal(ev.Object, &m); err != nil {
				return fmt.Errorf("watch %s: bookmark: %w", r.Name, err)
			}
			fn(Event{Type: ev.Type, RV: m.Metadata.ResourceVersion})
		case "ADDED", "MODIFIED", "DELETED":
			o, err := newObject(r, ev.Object)
			if err != nil {
				return fmt.Errorf("watch %s: %w", r.Name, err)
			}
			fn(Event{Type: ev.Type, Object: o, RV: o.RV})
		}
	}
}
