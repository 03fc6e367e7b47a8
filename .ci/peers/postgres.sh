#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the multi-lane store tests and links its binaries at $PEERS/postgres/bin.
# The tests start throwaway clusters themselves (initdb + pg_ctl on a free loopback port, as the `postgres` system
# user when run as root: the server refuses to run as root). Idempotent and quiet.
set -euo pipefail
: "${PEERS:?PEERS must be set (run .ci/setup-peers)}"
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  bin="$(find_bin)"
fi
[ -x "$bin/initdb" ] || { echo "postgres.sh: no initdb after installing postgresql" >&2; exit 1; }
mkdir -p "$PEERS/postgres"
ln -sfn "$bin" "$PEERS/postgres/bin"
"$PEERS/postgres/bin/pg_ctl" --version >/dev/null
