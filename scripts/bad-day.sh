#!/usr/bin/env bash
# scripts/bad-day.sh [RUNS] [DUTY] [SEED] [-- SWEEP_ARGS...]: the sweep on a bad day, made on demand.
# Starts the seeded noise injector (bindings/tools/noise.py: one core taken in 1-8 s
# stretches, DUTY of the time), runs `make sweep` RUNS times in a row under it, stops it,
# and prints each run's time and verdict and `gilsweep compare` between consecutive runs.
# Everything goes to results/bad-day-DATE-dutyD-seedS/ (runs, logs, the injector's timeline).
# BAD_DAY_HANDOFF=H in the environment adds the slow-GIL-handoff state H of the time (default 0:
# off; the folder's name gains -handoffH), BAD_DAY_FLIP=1 its fast-flipping form (--flip).
# make bad-day runs it with BAD_DAY_RUNS, BAD_DAY_DUTY, BAD_DAY_SEED, BAD_DAY_HANDOFF, BAD_DAY_FLIP, SWEEP_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; duty=${2:-0.5}; seed=${3:-7}
handoff=${BAD_DAY_HANDOFF:-0}; flip=()
[ -n "${BAD_DAY_FLIP:-}" ] && [ "${BAD_DAY_FLIP}" != 0 ] && flip=(--flip)
shift $(( $# < 3 ? $# : 3 )); [ "${1:-}" = "--" ] && shift
out="results/bad-day-$(date +%Y%m%d-%H%M%S)-duty$duty-seed$seed"
[ "$handoff" != 0 ] && out="$out-handoff$handoff${flip:+-flip}"
# Bad options stop here, with the injector's own one-line error, before any sweep starts.
.venv/bin/python bindings/tools/noise.py --plan --duty "$duty" --seed "$seed" --handoff "$handoff" "${flip[@]}" \
    --duration 14400 >/dev/null
mkdir -p "$out"
.venv/bin/python bindings/tools/noise.py --duty "$duty" --seed "$seed" --handoff "$handoff" "${flip[@]}" \
    --duration 14400 --log "$out/noise.jsonl" &
noise=$!
trap 'kill "$noise" 2>/dev/null || true; wait "$noise" 2>/dev/null || true' EXIT
echo "bad-day: injector at duty $duty, handoff $handoff${flip:+ (flipping)}, seed $seed (pid $noise); results in $out"
for i in $(seq "$runs"); do
    start=$(date +%s)
    make --no-print-directory sweep SWEEP_ARGS="--out $out/run$i $*" >"$out/run$i.log" 2>&1 || { tail -n 20 "$out/run$i.log"; exit 1; }
    echo "run $i: $(( $(date +%s) - start )) s; $(tail -n 1 "$out/run$i.log")"
done
for i in $(seq 2 "$runs"); do
    echo "compare run$((i - 1)) run$i: $(.venv/bin/python -m gilsweep compare "$out/run$((i - 1))" "$out/run$i" | tail -n 1)"
done
