#!/usr/bin/env bash
# scripts/bad-day.sh [RUNS] [DUTY] [SEED] [-- SWEEP_ARGS...]: the sweep on a bad day, made on demand.
# Starts the seeded noise injector (bindings/tools/noise.py: one core taken in 1-8 s
# stretches, DUTY of the time), runs `make sweep` RUNS times in a row under it, stops it,
# and prints each run's time and verdict and `gilsweep compare` between consecutive runs.
# Everything goes to results/bad-day-DATE-dutyD-seedS/ (runs, logs, the injector's timeline).
# make bad-day runs it with BAD_DAY_RUNS, BAD_DAY_DUTY, BAD_DAY_SEED, SWEEP_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; duty=${2:-0.5}; seed=${3:-7}
shift $(( $# < 3 ? $# : 3 )); [ "${1:-}" = "--" ] && shift
out="results/bad-day-$(date +%Y%m%d-%H%M%S)-duty$duty-seed$seed"
mkdir -p "$out"
.venv/bin/python bindings/tools/noise.py --duty "$duty" --seed "$seed" --duration 14400 --log "$out/noise.jsonl" &
noise=$!
trap 'kill "$noise" 2>/dev/null || true; wait "$noise" 2>/dev/null || true' EXIT
echo "bad-day: injector at duty $duty, seed $seed (pid $noise); results in $out"
for i in $(seq "$runs"); do
    start=$(date +%s)
    make --no-print-directory sweep SWEEP_ARGS="--out $out/run$i $*" >"$out/run$i.log" 2>&1 || { tail -n 20 "$out/run$i.log"; exit 1; }
    echo "run $i: $(( $(date +%s) - start )) s; $(tail -n 1 "$out/run$i.log")"
done
for i in $(seq 2 "$runs"); do
    echo "compare run$((i - 1)) run$i: $(.venv/bin/python -m gilsweep compare "$out/run$((i - 1))" "$out/run$i" | tail -n 1)"
done
