// Package kube reads Skipper's Kubernetes objects from an API server and
// feeds them, as documents, to rgc's incremental compiler: RouteGroups,
// Ingresses, Services and Endpoints (or EndpointSlices), with Skipper's
// resource paths, namespace switch and label selectors.
//
// Two ways in:
//
//   - Snapshot reads the cluster once, every kind at one resourceVersion
//     (one consistent state of etcd), for rgc compile/check -kubernetes.
//   - Watch lists and then watches every kind (resourceVersion, bookmarks,
//     relist on 410 with deletes for what vanished in the gap, backoff
//     with jitter, timeoutSeconds), and hands batches of rgc.Change to its
//     caller: a burst of events becomes one batch.
//
// Each object becomes one document named RESOURCE/NAMESPACE/NAME (e.g.
// routegroups/default/shop), its content the object's JSON, indented, with
// apiVersion and kind filled in and metadata.managedFields dropped, so
// diagnostics point at a line and column of what `kubectl get -o json`
// shows.
//
// Connection (Config.Connect), in this order: Config.URL (Skipper's
// -kubernetes-url: plain HTTP, typically kubectl proxy, with
// -kubernetes-token-file if set); Config.InCluster (the service account:
// token re-read as it rotates, CA, KUBERNETES_SERVICE_HOST); else the
// kubeconfig as kubectl reads it (Config.Kubeconfig, else $KUBECONFIG,
// else ~/.kube/config, current context, exec credential plugins, client
// certificates, CA data), loaded by client-go's clientcmd; only when no
// kubeconfig exists, Skipper's default http://localhost:8001.
//
// Problems in the objects are the compiler's diagnostics; an error from
// this package means the API server could not be read.
package kube
