#!/usr/bin/env bash
# Builds Jaeger v2 (cmd/jaeger of the Go module github.com/jaegertracing/jaeger) once and caches the binary.
# Prints the binary's path. The first build takes several minutes on 2 cores; later calls reuse the cache.
set -euo pipefail
JAEGER_VERSION="${JAEGER_VERSION:-v1.76.0}"
GO="${GO:-/usr/local/go/bin/go}"
CACHE="${BENCH_CACHE:-$HOME/.cache/pinscope-bench}"
BIN="$CACHE/jaeger-$JAEGER_VERSION"
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi
mkdir -p "$CACHE"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A throw-away module that requires Jaeger: `go install pkg@version` refuses modules with replace directives.
"$GO" mod init jaegerbuild >/dev/null 2>&1
GOFLAGS=-mod=mod "$GO" get "github.com/jaegertracing/jaeger@$JAEGER_VERSION" >&2
GOFLAGS=-mod=mod "$GO" build -o "$BIN.tmp" github.com/jaegertracing/jaeger/cmd/jaeger >&2
# The module source holds the example config we run with (cmd/jaeger/config-badger.yaml).
src="$("$GO" list -m -f '{{.Dir}}' "github.com/jaegertracing/jaeger")"
cp "$src/cmd/jaeger/config-badger.yaml" "$CACHE/jaeger-$JAEGER_VERSION-config-badger.yaml"
chmod u+w "$CACHE/jaeger-$JAEGER_VERSION-config-badger.yaml"
mv "$BIN.tmp" "$BIN"
echo "$BIN"
