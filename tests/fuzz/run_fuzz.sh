#!/usr/bin/env bash
# Replays a fuzz target's committed corpus (every input once), then fuzzes for N seconds from it
# into a scratch copy, so CI neither edits the repository nor loses a crash: libFuzzer writes
# any crashing input into the scratch directory and exits non-zero. Whole logs stay in the
# scratch directory; the output shows their end, and more of it when something failed.
set -euo pipefail
binary="$1" corpus="$2" scratch="$3" seconds="$4"
mkdir -p "$scratch/corpus" "$scratch/artifacts"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
common=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$scratch/artifacts/")

run() {
    local log="$1" lines="$2"
    shift 2
    if "$binary" "${common[@]}" "$@" >"$log" 2>&1; then
        tail -n "$lines" "$log"
    else
        local status=$?
        tail -n 80 "$log"
        echo "$(basename "$binary"): failed (exit $status);" \
            "inputs in $scratch/artifacts/, log $log" >&2
        return "$status"
    fi
}

run "$scratch/replay.log" 1 -runs=0 "$corpus"
cp -f "$corpus"/* "$scratch/corpus/" 2>/dev/null || true
run "$scratch/fuzz.log" 12 -max_total_time="$seconds" -print_final_stats=1 "$scratch/corpus"
