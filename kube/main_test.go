package kube_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	log "github.com/sirupsen/logrus"

	"github.com/rgc-dev/rgc/internal/kubeapi"
)

// api is the API server the tests of this package share; each test uses
// namespaces of its own.
var api *kubeapi.Server

func TestMain(m *testing.M) {
	log.SetOutput(io.Discard) // Skipper's data client logs every poll
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "rgc-kube-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	api, err = kubeapi.Start(dir, kubeapi.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the API server:", err)
		return 1
	}
	defer api.Stop()
	if err := api.InstallRouteGroupCRD(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "kube-apiserver and etcd ready in %v\n", time.Since(t0).Round(time.Millisecond))
	return m.Run()
}
