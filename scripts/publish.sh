#!/usr/bin/env bash
# make publish: re-measures every published sweep with the code of this checkout and
# renders the docs from the result (scripts/render-docs.py), so the README and docs show
# what `make sweep` gives today. Each run is kept whole in docs/data/NAME/: sweep.json.gz
# (every raw window and canary reading, the machine, the gilsweep version and commit),
# sweep.csv, summary.md and sweep.png.
#   scripts/publish.sh PYTHON SWIFT_BINARY [NAME...]   (default: every run below)
# A run that fails stops the whole publish, leaving docs/data as the runs before it made it.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:?usage: publish.sh PYTHON SWIFT_BINARY [NAME...]}
swift=${2:?usage: publish.sh PYTHON SWIFT_BINARY [NAME...]}
shift 2

# NAME and the sweep's options: the headline trio (three default runs in a row, so the
# README can say how much one run differs from the next), then each other workload.
declare -A RUNS=(
    [sweep-churn-1]="" [sweep-churn-2]="" [sweep-churn-3]=""
    [sweep-gcd]="--workload gcd" [sweep-primes]="--workload primes"
    [sweep-gcd-batch]="--workload gcd-batch" [sweep-primes-batch]="--workload primes-batch"
    [sweep-churn-dask]="--dask"
)
ORDER=(sweep-churn-1 sweep-churn-2 sweep-churn-3 sweep-gcd sweep-primes sweep-gcd-batch sweep-primes-batch sweep-churn-dask)
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=("${ORDER[@]}")
for name in "${names[@]}"; do
    [[ -v "RUNS[$name]" ]] || { echo "publish: no run named $name (runs: ${ORDER[*]})" >&2; exit 64; }
done

# Relative, so no run records a path of the machine that made it.
scratch=results/publish-$$
trap 'rm -rf "$scratch"' EXIT
start=$SECONDS
for name in "${names[@]}"; do
    echo "publish: $name (gilsweep sweep ${RUNS[$name]})"
    # shellcheck disable=SC2086  # the options are words
    "$python" -m gilsweep sweep --swift "$swift" ${RUNS[$name]} --out "$scratch/$name"
    target=docs/data/$name
    rm -rf "$target" && mkdir -p "$target"
    gzip -n -9 -c "$scratch/$name/sweep.json" > "$target/sweep.json.gz"
    cp "$scratch/$name/sweep.csv" "$scratch/$name/summary.md" "$scratch/$name/sweep.png" "$target/"
done
"$python" scripts/render-docs.py
echo "publish: ${#names[@]} runs in $((SECONDS - start)) s"
