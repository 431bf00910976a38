# Sourced by the scripts: compiler cache settings shared by every build. CCACHE_BASEDIR makes
# paths relative to the checkout and CCACHE_NOHASHDIR drops the directory from the hash, so a
# fresh clone elsewhere on the same machine reuses the cache.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CCACHE_BASEDIR="$repo"
export CCACHE_NOHASHDIR=true
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
