#!/usr/bin/env bash
# One command: install what is missing, build the test configuration (clang, ASan+UBSan, with
# the libFuzzer targets) and run every test tier through CTest, ending with its summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --tests
source scripts/env.sh
cmake --preset debug >/dev/null
cmake --build --preset debug
exec ctest --preset debug "$@"
