#!/usr/bin/env bash
# Replays a fuzz target's committed corpus (every input once), then fuzzes for N seconds from it
# into a scratch copy, so CI neither edits the repository nor loses a crash: libFuzzer writes
# any crashing input into the scratch directory and exits non-zero.
set -euo pipefail
binary="$1" corpus="$2" scratch="$3" seconds="$4"
mkdir -p "$scratch/corpus" "$scratch/artifacts"
"$binary" -runs=0 "$corpus"
cp -f "$corpus"/* "$scratch/corpus/" 2>/dev/null || true
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$scratch/artifacts/" "$scratch/corpus" 2>&1 | tail -n 12
