#!/usr/bin/env bash
# Runs the libFuzzer targets for N minutes each, every one from a scratch copy of its committed
# corpus (tests/fuzz/corpus/<target>/), and prints executions, coverage and crashes per target.
# Builds the debug preset (clang, ASan+UBSan, libFuzzer) first. Crashing inputs, logs and the
# grown corpora stay in the output directory; to keep what a run discovered, minimise it into
# the committed corpus: `<binary> -merge=1 tests/fuzz/corpus/<target> <out>/<target>/corpus`.
#
# Usage: scripts/fuzz.sh [-m MINUTES] [-j PARALLEL] [-k] [TARGET...]
#   -m MINUTES   per target (default 10)
#   -j PARALLEL  targets fuzzed at the same time (default 1)
#   -k           keep going after a crash (libFuzzer fork mode) and count every one
#   TARGET...    default: every directory under tests/fuzz/corpus/
# Environment: BUILD_DIR (default build/debug), FUZZ_OUT (default $BUILD_DIR/fuzz-runs/<time>).
# Exits non-zero when any target crashed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

minutes=10
parallel=1
keep_going=0
while getopts "m:j:kh" opt; do
    case "$opt" in
        m) minutes="$OPTARG" ;;
        j) parallel="$OPTARG" ;;
        k) keep_going=1 ;;
        *) sed -n '2,15p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(ls tests/fuzz/corpus)
fi

source scripts/env.sh
build="${BUILD_DIR:-build/debug}"
out="${FUZZ_OUT:-$build/fuzz-runs/$(date +%Y%m%d-%H%M%S)}"
cmake --preset debug -B "$build" >/dev/null
cmake --build "$build" --target "${targets[@]}"

run_one() {
    local name="$1" dir="$out/$1"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp tests/fuzz/corpus/"$name"/* "$dir/corpus/"
    local extra=()
    if ((keep_going)); then
        extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    # A crash ends the run with a non-zero status; the summary reports it from the artifacts.
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
        "$build/tests/fuzz/$name" -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${extra[@]}" "$dir/corpus" \
        >"$dir/log" 2>&1 || true
}

echo "fuzzing ${#targets[@]} targets for $minutes min each, $parallel at a time; output in $out"
for name in "${targets[@]}"; do
    while (($(jobs -rp | wc -l) >= parallel)); do
        wait -n || true
    done
    echo "  started $name"
    run_one "$name" &
done
wait

crashed=0
printf '\n%-26s %12s %9s %8s %8s %8s %8s\n' target executions exec/s cov ft corpus crashes
for name in "${targets[@]}"; do
    log="$out/$name/log"
    # Final stats when libFuzzer printed them, else its last status line (fork mode).
    execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
    rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
    if [[ -z "$execs" ]]; then
        execs="$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)"
        rate="$(grep -o 'exec/s:\? [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)"
    fi
    cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)"
    crashes="$(find "$out/$name/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' \
        -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
    corpus="$(find "$out/$name/corpus" -type f | wc -l)"
    printf '%-26s %12s %9s %8s %8s %8s %8s\n' "$name" "${execs:-?}" "${rate:-?}" \
        "$(echo "$cov" | awk '{print $2}')" "$(echo "$cov" | awk '{print $4}')" "$corpus" "$crashes"
    if ((crashes > 0)); then
        crashed=1
        find "$out/$name/artifacts" -type f | sed 's/^/    /'
    fi
done
exit "$crashed"
