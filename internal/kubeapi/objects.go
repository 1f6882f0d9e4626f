package kubeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// plural maps the kinds the tests write to their resource names.
var plural = map[string]string{
	"RouteGroup":               "routegroups",
	"Ingress":                  "ingresses",
	"Service":                  "services",
	"Endpoints":                "endpoints",
	"EndpointSlice":            "endpointslices",
	"Namespace":                "namespaces",
	"CustomResourceDefinition": "customresourcedefinitions",
	"ClusterRole":              "clusterroles",
	"ClusterRoleBinding":       "clusterrolebindings",
	"ServiceAccount":           "serviceaccounts",
	"Event":                    "events",
}

// Path is the path of an object (name != "") or of its collection.
func Path(apiVersion, kind, ns, name string) (string, error) {
	res, ok := plural[kind]
	if !ok {
		return "", fmt.Errorf("kubeapi: unknown kind %q", kind)
	}
	p := "/apis/" + apiVersion
	if !strings.Contains(apiVersion, "/") {
		p = "/api/" + apiVersion
	}
	if ns != "" {
		p += "/namespaces/" + ns
	}
	p += "/" + res
	if name != "" {
		p += "/" + name
	}
	return p, nil
}

// Apply creates or updates an object by server-side apply; doc is its
// YAML or JSON.
func (s *Server) Apply(ctx context.Context, apiVersion, kind, ns, name string, doc []byte) error {
	p, err := Path(apiVersion, kind, ns, name)
	if err != nil {
		return err
	}
	_, err = s.Do(ctx, http.MethodPatch, p+"?fieldManager=rgc-test&force=true", "application/apply-patch+yaml", doc)
	return err
}

// ApplyObject applies a JSON-encodable object with apiVersion, kind and
// metadata.
func (s *Server) ApplyObject(ctx context.Context, obj map[string]any) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	var h struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name, Namespace string
		} `json:"metadata"`
	}
	json.Unmarshal(b, &h)
	return s.Apply(ctx, h.APIVersion, h.Kind, h.Metadata.Namespace, h.Metadata.Name, b)
}

// Delete deletes an object; a missing object is no error.
func (s *Server) Delete(ctx context.Context, apiVersion, kind, ns, name string) error {
	p, err := Path(apiVersion, kind, ns, name)
	if err != nil {
		return err
	}
	_, err = s.Do(ctx, http.MethodDelete, p, "", nil)
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusNotFound {
		return nil
	}
	return err
}

// EnsureNamespace creates a namespace unless it exists.
func (s *Server) EnsureNamespace(ctx context.Context, ns string) error {
	return s.Apply(ctx, "v1", "Namespace", "", ns, []byte(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"`+ns+`"}}`))
}

// InstallRouteGroupCRD applies Skipper's RouteGroup CRD (read from
// Skipper's module in the module cache) and waits until route groups can
// be listed and watched.
func (s *Server) InstallRouteGroupCRD(ctx context.Context) error {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zalando/skipper").Output()
	if err != nil {
		return fmt.Errorf("kubeapi: locating skipper's module: %v", err)
	}
	crd, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "dataclients/kubernetes/deploy/apply/routegroups_crd.yaml"))
	if err != nil {
		return err
	}
	if err := s.Apply(ctx, "apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "routegroups.zalando.org", crd); err != nil {
		return err
	}
	// Established, then a watch that is accepted: right after the CRD is
	// established a watch may answer 429 while its cache fills.
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := s.Do(ctx, http.MethodGet, "/apis/zalando.org/v1/routegroups?watch=1&timeoutSeconds=1", "", nil)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("kubeapi: route groups not watchable: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// RemoveRouteGroupCRD deletes the CRD (and with it every route group) and
// waits until it is gone.
func (s *Server) RemoveRouteGroupCRD(ctx context.Context) error {
	if err := s.Delete(ctx, "apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "routegroups.zalando.org"); err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := s.Do(ctx, http.MethodGet, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/routegroups.zalando.org", "", nil)
		var se *StatusError
		if errors.As(err, &se) && se.Code == http.StatusNotFound {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("kubeapi: the RouteGroup CRD is still there")
		}
		time.Sleep(200 * time.Millisecond)
	}
}
