#!/usr/bin/env bash
# publish-sweep.sh RESULTS_DIR NAME: copies a sweep's table, plot and data into
# docs/ as sweep-NAME.{md,png,csv,json.gz}, the files the README quotes. The raw
# windows travel too (gzipped), so `gilsweep plot` can re-analyse a published run:
#   mkdir r && gunzip -c docs/sweep-NAME.json.gz > r/sweep.json && gilsweep plot r
set -euo pipefail
if [ $# -ne 2 ] || [ ! -f "$1/sweep.json" ]; then
    echo "usage: scripts/publish-sweep.sh RESULTS_DIR NAME (RESULTS_DIR must hold sweep.json)" >&2
    exit 64
fi
docs="$(dirname "$0")/../docs"
cp "$1/summary.md" "$docs/sweep-$2.md"
cp "$1/sweep.png" "$docs/sweep-$2.png"
cp "$1/sweep.csv" "$docs/sweep-$2.csv"
gzip -9 -c "$1/sweep.json" > "$docs/sweep-$2.json.gz"
echo "published $1 as docs/sweep-$2.{md,png,csv,json.gz}"
