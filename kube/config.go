package kube

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// DefaultURL is Skipper's API server address when none is configured: a
// kubectl proxy on the same host.
const DefaultURL = "http://localhost:8001"

// Config says where the API server is and what to read from it, with the
// meaning of Skipper's flags.
type Config struct {
	// URL is -kubernetes-url: the API server, typically kubectl proxy.
	URL string
	// TokenFile is -kubernetes-token-file: a bearer token for URL, re-read
	// as it changes.
	TokenFile string
	// InCluster is -kubernetes-in-cluster: use the pod's service account.
	InCluster bool
	// Kubeconfig is -kubeconfig; "" means $KUBECONFIG, else ~/.kube/config.
	Kubeconfig string
	// Context is -kubecontext: a kubeconfig context other than the current.
	Context string
	// Namespace is -kubernetes-namespace: read only this namespace.
	Namespace string
	// EndpointSlices is -enable-kubernetes-endpointslices: read
	// EndpointSlices instead of Endpoints.
	EndpointSlices bool
	// Label selectors per kind, as Skipper's Options: key → value, ""
	// meaning "has the key".
	RouteGroupLabels, IngressLabels, ServiceLabels, EndpointLabels, EndpointSliceLabels map[string]string
	// NoIngresses leaves Ingresses out (rgc's -kubernetes-ingress=false);
	// Skipper always reads them.
	NoIngresses bool
	// UserAgent identifies rgc to the API server.
	UserAgent string
}

// Client is a connection to an API server.
type Client struct {
	base *url.URL // scheme://host[:port][/prefix]
	http *http.Client
	cfg  Config
	// Source says where the connection came from, for messages:
	// "-kubernetes-url", "in-cluster", "kubeconfig PATH (context X)".
	Source string
}

// Connect builds a client from c, resolving the connection as the package
// documentation describes. It does not contact the server.
func (c Config) Connect() (*Client, error) {
	rc, source, err := c.restConfig()
	if err != nil {
		return nil, err
	}
	if c.UserAgent != "" {
		rc.UserAgent = c.UserAgent
	} else {
		rc.UserAgent = "rgc"
	}
	hc, err := rest.HTTPClientFor(rc)
	if err != nil {
		return nil, fmt.Errorf("kubernetes: %s: %w", source, err)
	}
	base, _, err := rest.DefaultServerUrlFor(rc)
	if err != nil {
		return nil, fmt.Errorf("kubernetes: %s: %w", source, err)
	}
	return &Client{base: base, http: hc, cfg: c, Source: source}, nil
}

func (c Config) restConfig() (*rest.Config, string, error) {
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, "", fmt.Errorf("kubernetes: invalid -kubernetes-url %q: want an absolute URL such as %s", c.URL, DefaultURL)
		}
		rc := &rest.Config{Host: c.URL}
		if c.TokenFile != "" && !c.InCluster {
			rc.BearerTokenFile = c.TokenFile
		}
		if !c.InCluster {
			return rc, "-kubernetes-url " + c.URL, nil
		}
	}
	if c.InCluster {
		// client-go re-reads the token file as the kubelet rotates it.
		rc, err := rest.InClusterConfig()
		if err != nil {
			return nil, "", fmt.Errorf("kubernetes: -kubernetes-in-cluster: %w", err)
		}
		return rc, "in-cluster service account", nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = c.Kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: c.Context}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	rc, err := cc.ClientConfig()
	if err != nil {
		if clientcmd.IsEmptyConfig(err) && c.Kubeconfig == "" && c.Context == "" {
			// Skipper's default: kubectl proxy on this host.
			return &rest.Config{Host: DefaultURL}, "default " + DefaultURL + " (no kubeconfig found)", nil
		}
		return nil, "", fmt.Errorf("kubernetes: kubeconfig: %w", err)
	}
	return rc, kubeconfigSource(rules, cc), nil
}

func kubeconfigSource(rules *clientcmd.ClientConfigLoadingRules, cc clientcmd.ClientConfig) string {
	files := rules.GetLoadingPrecedence()
	if rules.ExplicitPath != "" {
		files = []string{rules.ExplicitPath}
	}
	var existing []string
	for _, f := range files {
		if _, err := os.Stat(f); err == nil {
			existing = append(existing, f)
		}
	}
	s := "kubeconfig " + strings.Join(existing, ":")
	if raw, err := cc.RawConfig(); err == nil && raw.CurrentContext != "" {
		s += " (context " + raw.CurrentContext + ")"
	}
	return s
}

// selector renders a label selector map as Skipper does, sorted so that
// requests are reproducible.
func selector(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		if v == "" {
			parts = append(parts, k)
		} else {
			parts = append(parts, k+"="+v)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// ErrNotInstalled reports that the RouteGroup CRD is not installed: as
// Skipper, rgc then reads no route groups.
var ErrNotInstalled = errors.New("RouteGroups CRD is not installed in the cluster; see https://opensource.zalando.com/skipper/kubernetes/routegroups/#installation")
