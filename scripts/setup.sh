#!/usr/bin/env bash
# Installs what switchyard needs on Debian 12, and nothing it already has: apt-get runs only
# when a package is missing. Safe to run any number of times.
#
#   scripts/setup.sh            build dependencies (compilers, libraries, tools/tokenizer)
#   scripts/setup.sh --tests    + what the tests need (SDK clients for the integration tests)
#   scripts/setup.sh --bench    + what the benchmarks need (nginx, wrk)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_tests=0
want_bench=0
for arg in "$@"; do
    case "$arg" in
        --tests) want_tests=1 ;;
        --bench) want_bench=1 ;;
        *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

packages=(
    build-essential cmake ninja-build ccache pkg-config git ca-certificates curl python3
    clang libclang-rt-14-dev
    libboost1.81-dev libboost-system1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libsimdjson-dev libssl-dev libsqlite3-dev libpq-dev libhiredis-dev libsodium-dev
    libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
    libgtest-dev libgmock-dev libbenchmark-dev
)
if [[ $want_tests == 1 ]]; then
    packages+=(openssl)
fi
if [[ $want_bench == 1 ]]; then
    packages+=(nginx-light wrk)
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ $want_bench == 1 ]]; then
    # The Debian package starts a system nginx on port 80; the benchmarks run their own.
    (command -v systemctl >/dev/null && systemctl disable --now nginx >/dev/null 2>&1) || true
fi

# npm packages, pinned by package-lock.json; installed again only when the lock changes.
npm_install() {
    local dir="$1"
    local stamp="$dir/node_modules/.switchyard-lock"
    if [[ -f "$stamp" ]] && cmp -s "$dir/package-lock.json" "$stamp"; then
        return
    fi
    echo "setup: npm ci in ${dir#"$repo"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$stamp"
}
npm_install "$repo/tools/tokenizer"
if [[ $want_tests == 1 ]]; then
    npm_install "$repo/tests/integration"
fi
