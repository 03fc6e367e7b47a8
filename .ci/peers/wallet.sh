#!/usr/bin/env bash
# Independent Python implementation for the wallet cross-check: embit (pure Python BIP32/addresses)
# and pycryptodome (Keccak-256 for Ethereum addresses; 3.x, the range vyper and eth-keyfile accept in the same
# venv). Idempotent and quiet.
set -euo pipefail
: "${PY:?PY (the venv python) must be set by .ci/setup-peers}"
if ! "$PY" -c 'import embit, Crypto.Hash.keccak' >/dev/null 2>&1; then
  "$PY" -m pip install -q --disable-pip-version-check 'embit==0.8.0' 'pycryptodome==3.23.0'
fi
