#!/usr/bin/env bash
# Compare the JSON report of a dxlint binary with a baseline binary's, byte for byte, on:
#   - every config in testdata/ against every AWS JSON in testdata/aws/ (the human report too),
#   - every file of ../shared/corpus/ against each of ../shared/samples/,
#   - the six generated benchmark configs (cargo bench ... -- --generate DIR) against their VIFs.
# A dev tool for refactors that must not change what users see; not a test (it reads ../shared).
#
#   scripts/json-identical.sh NEW_BINARY BASELINE_BINARY [BENCH_DIR]
#
# The baseline's outputs are cached next to BASELINE_BINARY (BASELINE_BINARY.out/); delete that
# directory when the inputs change. Exit 0 when identical, 1 with the differing cases listed.
set -euo pipefail
new=$1
base=$2
bench=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${DXLINT_SHARED:-$repo/../shared}
[ -d "$shared/corpus" ] || shared=/work/shared

cases() {
    local cfg aws
    for cfg in $(find "$repo/testdata" -type f \( -name '*.cfg' -o -name '*.conf' -o -name '*.set' -o -name '*.boot' \) | sort); do
        for aws in $(find "$repo/testdata/aws" -maxdepth 1 -name '*.json' | sort); do
            echo "$cfg $aws both"
        done
    done
    for cfg in $(find "$shared/corpus" -type f ! -name SOURCES.md | sort); do
        for aws in $(find "$shared/samples" -name '*.json' | sort); do
            echo "$cfg $aws json"
        done
    done
    if [ -n "$bench" ]; then
        for cfg in router.cfg router.conf router.set config.boot router.vyos.set router.xr.cfg; do
            echo "$bench/$cfg $bench/vifs.json json"
        done
    fi
}

run() { # BINARY CONFIG AWS_JSON MODE -> JSON report (and the human one) with exit codes
    local flag=--vif-json
    case $(basename "$3") in vpn*) flag=--vpn-json ;; esac
    set +e
    "$1" --format json "$flag" "$3" "$2" 2>/dev/null
    echo "exit=$?"
    if [ "$4" = both ]; then
        "$1" --format human --no-color "$flag" "$3" "$2" 2>&1
        echo "exit=$?"
    fi
    set -e
}

key() { echo "$1 $2 $3" | md5sum | cut -c1-16; }

cache="$base.out"
mkdir -p "$cache"
total=0
differ=0
while read -r cfg aws mode; do
    total=$((total + 1))
    k=$(key "$cfg" "$aws" "$mode")
    [ -f "$cache/$k" ] || run "$base" "$cfg" "$aws" "$mode" >"$cache/$k"
    if ! run "$new" "$cfg" "$aws" "$mode" | cmp -s - "$cache/$k"; then
        differ=$((differ + 1))
        echo "DIFFERS: $cfg against $aws"
    fi
done < <(cases)
echo "$total cases, $differ differ"
[ "$differ" -eq 0 ]
