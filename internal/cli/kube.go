package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rgc-dev/rgc"
	"github.com/rgc-dev/rgc/kube"
)

// clusterFlags are the flags that read the input from an API server instead
// of files: Skipper's names where Skipper has them, kubectl's -kubeconfig.
// They are command-line only: a Skipper deployment's -config file says
// kubernetes: true for the proxy, not for rgc.
type clusterFlags struct {
	enabled   bool
	cfg       kube.Config
	selectors map[string]*labelMap
	timeout   time.Duration
}

// kubeFlagNames are the flags clusterFlags registers; any of them set without
// -kubernetes is a usage error.
var kubeFlagNames = []string{
	"kubernetes-url", "kubernetes-in-cluster", "kubernetes-token-file", "kubeconfig",
	"kubernetes-namespace", "kubernetes-routegroups-label-selectors", "kubernetes-ingresses-label-selectors",
	"kubernetes-services-label-selectors", "kubernetes-endpoints-label-selectors",
	"kubernetes-endpointslices-label-selectors", "kubernetes-timeout",
}

func (s *settings) registerKube(fs *flag.FlagSet) {
	k := &s.kube
	k.selectors = map[string]*labelMap{}
	s.group(fs, "Cluster flags: read the input from a Kubernetes API server (docs/architecture.md: Reading the cluster)", false, func() {
		fs.BoolVar(&k.enabled, "kubernetes", false, "read RouteGroups, Ingresses, Services and Endpoints (or EndpointSlices) from the API server instead of files, as Skipper's Kubernetes data client does")
		fs.StringVar(&k.cfg.URL, "kubernetes-url", "", "API server `URL`, typically kubectl proxy (plain HTTP); first in precedence")
		fs.BoolVar(&k.cfg.InCluster, "kubernetes-in-cluster", false, "use the pod's service account: KUBERNETES_SERVICE_HOST, its token (re-read as it rotates) and CA; second in precedence")
		fs.StringVar(&k.cfg.TokenFile, "kubernetes-token-file", "", "bearer token `file` for -kubernetes-url")
		fs.StringVar(&k.cfg.Kubeconfig, "kubeconfig", "", "kubeconfig `file`, read as kubectl reads it (current context, exec credential plugins, client certificates); default $KUBECONFIG, else ~/.kube/config, else http://localhost:8001")
		fs.StringVar(&k.cfg.Namespace, "kubernetes-namespace", "", "read only this `namespace`")
		k.selectors["routegroups"] = &labelMap{}
		fs.Var(k.selectors["routegroups"], "kubernetes-routegroups-label-selectors", "read only the routegroups with these `labels`: key=value,key2=value2 (Skipper's kubernetes.Options.RouteGroupsLabelSelectors)")
		k.selectors["ingresses"] = &labelMap{}
		fs.Var(k.selectors["ingresses"], "kubernetes-ingresses-label-selectors", "read only the ingresses with these `labels`: key=value,key2=value2 (Skipper's kubernetes.Options.IngressLabelSelectors)")
		k.selectors["services"] = &labelMap{}
		fs.Var(k.selectors["services"], "kubernetes-services-label-selectors", "read only the services with these `labels`: key=value,key2=value2 (Skipper's kubernetes.Options.ServicesLabelSelectors)")
		k.selectors["endpoints"] = &labelMap{}
		fs.Var(k.selectors["endpoints"], "kubernetes-endpoints-label-selectors", "read only the endpoints with these `labels`: key=value,key2=value2 (Skipper's kubernetes.Options.EndpointsLabelSelectors)")
		k.selectors["endpointslices"] = &labelMap{}
		fs.Var(k.selectors["endpointslices"], "kubernetes-endpointslices-label-selectors", "read only the endpointslices with these `labels`: key=value,key2=value2 (Skipper's kubernetes.Options.EndpointSlicesLabelSelectors)")
		fs.DurationVar(&k.timeout, "kubernetes-timeout", time.Minute, "give up reading the cluster after this `duration`")
	})
}

// checkKube checks the cluster flags against the paths.
func (s *settings) checkKube(cmdline map[string]bool) error {
	k := &s.kube
	if !k.enabled {
		for _, n := range kubeFlagNames {
			if cmdline[n] {
				return usagef("flag -%s needs -kubernetes", n)
			}
		}
		return nil
	}
	if len(s.cli.paths) > 0 {
		return usagef("-kubernetes reads the cluster: give no paths (got %q)", s.cli.paths[0])
	}
	k.cfg.RouteGroupLabels = k.selectors["routegroups"].m
	k.cfg.IngressLabels = k.selectors["ingresses"].m
	k.cfg.ServiceLabels = k.selectors["services"].m
	k.cfg.EndpointLabels = k.selectors["endpoints"].m
	k.cfg.EndpointSliceLabels = k.selectors["endpointslices"].m
	k.cfg.UserAgent = "rgc/" + versionString()
	cfg := k.cfg
	s.cli.kube = &cfg
	s.cli.kubeTimeout = k.timeout
	return nil
}

// labelMap is Skipper's mapFlags: key=value pairs separated by commas;
// each use replaces the last.
type labelMap struct{ m map[string]string }

func (l *labelMap) String() string {
	if l == nil {
		return ""
	}
	var parts []string
	for k, v := range l.m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (l *labelMap) Set(value string) error {
	l.m = map[string]string{}
	for _, kv := range strings.Split(value, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return fmt.Errorf("want key=value pairs separated by commas, got %q", kv)
		}
		l.m[k] = v
	}
	return nil
}

// compileCluster reads the cluster once and compiles what it read.
func compileCluster(opts rgc.Options, c cliOpts) (*rgc.Result, error) {
	cfg := *c.kube
	cfg.EndpointSlices = opts.EnableEndpointSlices
	client, err := cfg.Connect()
	if err != nil {
		return nil, &ioError{err: err}
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.kubeTimeout)
	defer cancel()
	st, err := client.Snapshot(ctx)
	if err != nil {
		return nil, &ioError{err: fmt.Errorf("%w (connection from %s)", err, client.Source)}
	}
	res, err := rgc.Compile(opts, st.Inputs()...)
	if err != nil {
		return nil, err
	}
	return res, nil
}
