#!/usr/bin/env bash
# Builds or fetches the binaries of a throw-away Kubernetes API server for
# rgc's end-to-end tests, once, into a cache that reruns find:
#
#   $RGC_KUBEAPI_CACHE/bin/kube-apiserver-<version>   (default cache ~/.cache/kubeapi)
#   $RGC_KUBEAPI_CACHE/bin/etcd
#
# and prints the two paths, one a line. The tests (package internal/kubeapi)
# run it themselves; `make kubeapi` runs it ahead of time.
#
# kube-apiserver is built from the k8s.io/kubernetes module through a tiny
# wrapper module that replaces every ./staging/src/k8s.io/X module with its
# published k8s.io/X v0.Y.Z (about 4 minutes cold on 2 cores). etcd is
# Debian's etcd-server package, fetched with `apt-get download` and unpacked,
# not installed. RGC_KUBEAPI_APISERVER / RGC_KUBEAPI_ETCD name binaries to use
# instead.
set -euo pipefail

log() { echo "kubeapi: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

CACHE=${RGC_KUBEAPI_CACHE:-${HOME:-/root}/.cache/kubeapi}
K8S_VERSION=${RGC_KUBEAPI_K8S_VERSION:-v1.34.4}
mkdir -p "$CACHE/bin"

build_apiserver() {
  local ver=$1 out=$2
  [[ $ver =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || die "RGC_KUBEAPI_K8S_VERSION must look like v1.34.4, got $ver"
  local staging="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
  command -v go >/dev/null || die "go not found"
  local src="$CACHE/src/kube-apiserver-$ver"
  rm -rf "$src"; mkdir -p "$src"
  export GOFLAGS=-buildvcs=false GOWORK=off
  log "downloading k8s.io/kubernetes@$ver from the Go module proxy"
  local kdir
  kdir=$(cd "$src" && go mod download -json "k8s.io/kubernetes@$ver" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -f $kdir/go.mod ]] || die "could not download k8s.io/kubernetes@$ver"
  {
    echo "module kubeapi/kube-apiserver"
    echo
    echo "go 1.24.0"
    echo
    echo "require k8s.io/kubernetes $ver"
    echo
    echo "replace ("
    sed -n '/^replace (/,/^)/p' "$kdir/go.mod" | awk -v v="$staging" '$2 == "=>" && $3 ~ /^\.\/staging\// {print "\t" $1 " => " $1 " " v}'
    echo ")"
  } > "$src/go.mod"
  cat > "$src/main.go" <<'GO'
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
GO
  log "resolving modules (go mod tidy; log in $src/tidy.log)"
  (cd "$src" && go mod tidy >tidy.log 2>&1) || { tail -n 30 "$src/tidy.log" >&2; die "go mod tidy failed"; }
  local ld="-s -w" minor=${ver#v1.}; minor=${minor%%.*}
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$ver -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  log "building kube-apiserver $ver (cold: ~4-5 min on 2 cores)"
  local t0=$SECONDS
  (cd "$src" && go build -trimpath -ldflags="$ld" -o "$out.tmp.$$" .) >&2
  mv -f "$out.tmp.$$" "$out"
  log "built $out in $((SECONDS - t0))s"
}

fetch_etcd() {
  local out=$1 tmp
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "no apt-get/dpkg-deb: set RGC_KUBEAPI_ETCD to an etcd binary"
  tmp=$(mktemp -d)
  log "fetching Debian package etcd-server (unpacked into the cache, not installed)"
  if ! (cd "$tmp" && apt-get download etcd-server >&2 2>/dev/null); then
    log "apt-get download failed; running apt-get update once"
    apt-get update -qq >&2 || true
    (cd "$tmp" && apt-get download etcd-server >&2) || { rm -rf "$tmp"; die "apt-get download etcd-server failed"; }
  fi
  dpkg-deb -x "$tmp"/etcd-server_*.deb "$tmp/x"
  install -m 0755 "$tmp/x/usr/bin/etcd" "$out.tmp.$$"
  mv -f "$out.tmp.$$" "$out"
  rm -rf "$tmp"
  log "etcd: $("$out" --version | head -1)"
}

APISERVER=${RGC_KUBEAPI_APISERVER:-$CACHE/bin/kube-apiserver-$K8S_VERSION}
ETCD=${RGC_KUBEAPI_ETCD:-$CACHE/bin/etcd}
if [[ ! -x $APISERVER || ! -x $ETCD ]]; then
  exec 9>"$CACHE/.lock"
  flock 9   # one builder at a time (parallel test binaries); the others wait, then find the binaries
  [[ -x $ETCD ]] || fetch_etcd "$ETCD"
  [[ -x $APISERVER ]] || build_apiserver "$K8S_VERSION" "$APISERVER"
  exec 9>&-
fi
echo "$APISERVER"
echo "$ETCD"
