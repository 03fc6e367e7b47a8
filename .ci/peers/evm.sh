#!/usr/bin/env bash
# Installs the Ethereum test chain into the peers venv: eth-tester with py-evm, web3 and vyper (compiles
# Tests/Support/Token.vy at test time). Idempotent and quiet: a quick version check when already installed.
set -euo pipefail
: "${PEERS:?PEERS must be set (run .ci/setup-peers)}"
: "${PY:?PY must be set (run .ci/setup-peers)}"
# Versions that resolved from wheels on this platform (Debian 12, CPython 3.11); pinned so CI is repeatable.
pins=("eth-tester[py-evm]==0.14.0b1" "py-evm==0.12.1b1" "web3==8.0.0" "vyper==0.4.3")
if "$PY" - <<'PY' 2>/dev/null; then exit 0; fi
from importlib.metadata import version
import sys
want = {"eth-tester": "0.14.0b1", "py-evm": "0.12.1b1", "web3": "8.0.0", "vyper": "0.4.3"}
sys.exit(0 if all(version(name) == v for name, v in want.items()) else 1)
PY
"$PY" -m pip install -q --disable-pip-version-check --only-binary=:all: --pre "${pins[@]}"
"$PY" -c "import eth_tester, web3, vyper" >/dev/null
