#!/usr/bin/env bash
# Compiles the extension's C, SWIG's wrapper included, as an official
# free-threaded build (3.13t and later) would: Py_GIL_DISABLED defined, against
# a CPython 3.13 (or later) include folder, and checks that the module then
# declares Py_mod_gil = Py_MOD_GIL_NOT_USED. No 3.13t interpreter can be had on
# the development machines (Debian 12 packages and PyPI only), so
# this is the check for the official builds' spelling: the free-threaded object
# layout (ob_tid, split reference counts) and PyUnstable_Module_SetGIL exist in
# those headers only when Py_GIL_DISABLED is defined, and an implicit
# declaration is an error here. A GIL build's pyconfig.h comes along, so the
# objects are compiled (-fsyntax-only), never linked or loaded: that needs a
# real 3.13t (docs/free-threaded.md).
#   scripts/compile-check-freethreaded.sh PYTHON3.13 [SWIG]
set -euo pipefail

python=${1:?usage: compile-check-freethreaded.sh PYTHON3.13 [SWIG]}
swig=${2:-swig}
cc=${CC:-cc}
root=$(cd "$(dirname "$0")/.." && pwd)
include=$("$python" -c 'import sys, sysconfig
if sys.version_info < (3, 13):
    sys.exit(f"compile-check-freethreaded: {sys.executable} is {sys.version.split()[0]}; Py_GIL_DISABLED needs 3.13 headers")
print(sysconfig.get_paths()["include"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$swig" -python -I"$root/CSupport/include" -outdir "$work" -o "$work/kernels_wrap.c" "$root/bindings/kernels.i"
flags=(-std=gnu11 -DPy_GIL_DISABLED=1 -Werror=implicit-function-declaration -Wno-unused-function
       -I"$include" -I"$root/CSupport/include" -I"$root/CSupport" -I"$root/bindings")
for source in "$work/kernels_wrap.c" "$root"/bindings/{helpers,scalar_kernels,batch_input,batch_kernels}.c; do
    "$cc" -fsyntax-only "${flags[@]}" "$source"
done
# The module's slots and its single-phase path must say it does not use the GIL.
"$cc" -E "${flags[@]}" "$work/kernels_wrap.c" | tr -d ' \n' > "$work/preprocessed"
grep -q '{4,((void\*)1)}' "$work/preprocessed" || { echo "compile-check-freethreaded: no Py_mod_gil slot" >&2; exit 1; }
grep -q 'PyUnstable_Module_SetGIL(m,((void\*)1))' "$work/preprocessed" \
    || { echo "compile-check-freethreaded: no PyUnstable_Module_SetGIL call" >&2; exit 1; }
echo "compile-check-freethreaded: the extension compiles with Py_GIL_DISABLED against $include and declares Py_mod_gil"
