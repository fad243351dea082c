#!/usr/bin/env bash
# compilers.sh: the same C kernels built by gcc (setuptools' default compiler)
# and by clang (SwiftPM's, which setup.py picks when it is on PATH), timed side
# by side, interleaved three times: why the extension is built with clang (gcd
# and random values), and what that costs (primes that run the whole BPSW).
# Run from anywhere: bindings/benchmarks/compilers.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for cc in gcc clang; do
    if ! command -v "$cc" >/dev/null; then
        echo "compilers.sh: $cc not found" >&2
        exit 1
    fi
    "$cc" -O3 -std=gnu11 -D_GNU_SOURCE -I"$repo/CSupport/include" -I"$repo/CSupport" \
        "$repo/bindings/benchmarks/compilers.c" "$repo"/CSupport/*.c -lgmp -lm -pthread -o "$out/$cc"
done
echo "$($cc --version | head -1) vs $(gcc --version | head -1)"
for round in 1 2 3; do
    for cc in gcc clang; do echo "round $round, $cc: $("$out/$cc")"; done
done
