#!/usr/bin/env bash
# make publish: re-measures everything the README and docs show, with the code of this
# checkout, and renders the docs from the result (scripts/render-docs.py). Each run is
# kept whole in docs/data/NAME/ (docs/data/README.md lists what each folder holds).
#   scripts/publish.sh PYTHON SWIFT_BINARY [NAME...]   (default: every run below)
# A run that fails stops the whole publish, leaving docs/data as the runs before it made it.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:?usage: publish.sh PYTHON SWIFT_BINARY [NAME...]}
swift=${2:?usage: publish.sh PYTHON SWIFT_BINARY [NAME...]}
shift 2

# NAME and how it is measured. The headline trio is three default sweeps in a row, so the
# README can say how much one run differs from the next. census-X.Y runs on CPython X.Y
# (found by scripts/find-python.sh, in its own .venv-X.Y) and is skipped where it is missing.
declare -A RUNS=(
    [sweep-churn-1]="sweep" [sweep-churn-2]="sweep" [sweep-churn-3]="sweep"
    [sweep-gcd]="sweep --workload gcd" [sweep-primes]="sweep --workload primes"
    [sweep-gcd-batch]="sweep --workload gcd-batch" [sweep-primes-batch]="sweep --workload primes-batch"
    [sweep-churn-dask]="sweep --dask"
    [latency]="latency" [gc-pause-gil]="gc-pause"
    [census-3.11]="census" [census-3.12]="census" [census-3.13]="census"
    [bench]="bench"
)
ORDER=(sweep-churn-1 sweep-churn-2 sweep-churn-3 sweep-gcd sweep-primes sweep-gcd-batch
       sweep-primes-batch sweep-churn-dask latency gc-pause-gil census-3.11 census-3.12 census-3.13 bench)
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=("${ORDER[@]}")
for name in "${names[@]}"; do
    [[ -v "RUNS[$name]" ]] || { echo "publish: no run named $name (runs: ${ORDER[*]})" >&2; exit 64; }
done

# Relative, so no run records a path of the machine that made it.
scratch=results/publish-$$
trap 'rm -rf "$scratch"' EXIT

# keep FOLDER TARGET JSON FILE...: the raw JSON gzipped (-n: no name or time inside, so an
# unchanged run gives unchanged bytes) and the derived files copied, replacing TARGET whole.
keep() {
    local from=$1 target=$2 json=$3
    shift 3
    rm -rf "$target" && mkdir -p "$target"
    gzip -n -9 -c "$from/$json" > "$target/$json.gz"
    for file in "$@"; do cp "$from/$file" "$target/"; done
}

# The interpreter a census-X.Y runs on: the default one's venv, or X.Y's own.
census_python() {
    local version=$1 found
    if [[ $("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') == "$version" ]]; then
        echo "$python"
        return
    fi
    found=$(scripts/find-python.sh "$version") || return 1
    make --no-print-directory VENV=".venv-$version" PYTHON="$found" bindings >&2
    echo ".venv-$version/bin/python"
}

# The kernel benchmarks print Markdown tables; bench.md keeps them under the machine they ran on.
bench() {
    local out=$1
    mkdir -p "$out"
    "$python" -c 'import json; from gilsweep.sweep.results import machine_metadata as m; print(json.dumps(m() | {"command_line": "make publish PUBLISH=bench"}, indent=1))' \
        > "$out/machine.json"
    { echo "## gilsweep-swift bench"; echo; "$swift" bench; echo
      echo "## bindings/benchmarks/bench_kernels.py"; echo; "$python" bindings/benchmarks/bench_kernels.py "$swift"; } \
        > "$out/bench.md"
}

start=$SECONDS
skipped=()
for name in "${names[@]}"; do
    read -r kind options <<< "${RUNS[$name]}"
    echo "publish: $name (${RUNS[$name]})"
    out=$scratch/$name target=docs/data/$name
    # shellcheck disable=SC2086  # the options are words
    case $kind in
        sweep)
            "$python" -m gilsweep sweep --swift "$swift" $options --out "$out"
            keep "$out" "$target" sweep.json sweep.csv summary.md sweep.png ;;
        latency)
            "$python" -m gilsweep latency --out "$out"
            keep "$out" "$target" latency.json latency.csv summary.md latency.png ;;
        gc-pause)
            "$python" -m gilsweep gc-pause --out "$out"
            keep "$out" "$target" gc-pause.json gc-pause.csv summary.md gc-pause.png ;;
        census)
            if ! census=$(census_python "${name#census-}"); then
                echo "publish: $name skipped: no CPython ${name#census-} found (pyenv, python${name#census-} on PATH)"
                skipped+=("$name")
                continue
            fi
            "$census" -m gilsweep census --out "$out"
            keep "$out" "$target" census.json census.md ;;
        bench)
            bench "$out"
            rm -rf "$target" && mkdir -p "$target" && cp "$out/machine.json" "$out/bench.md" "$target/" ;;
    esac
done
"$python" scripts/render-docs.py
echo "publish: $((${#names[@]} - ${#skipped[@]})) runs in $((SECONDS - start)) s${skipped:+; skipped: ${skipped[*]}}"
