#!/usr/bin/env bash
# One command: install what is missing, build the release binary and run `switchyard demo`
# (the gateway in front of built-in mock providers; no API keys, no network).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
source scripts/env.sh
cmake --preset release >/dev/null
cmake --build --preset release --target switchyard
exec build/release/src/switchyard demo "$@"
