#!/usr/bin/env bash
# Prints the free-threaded CPython interpreters `make test-freethreaded` runs the
# suite on, one path per line. Nothing here builds or fetches an interpreter: the
# project supports the free-threaded build a user has installed.
#   scripts/find-freethreaded-python.sh PYTHON   that interpreter, or one line on
#                                                stderr and exit 1 when it does not
#                                                run or is not a free-threaded build
#   scripts/find-freethreaded-python.sh          every python3.13t, python3.14t and
#                                                python3.15t on PATH; with none, one
#                                                line on stderr saying what it looked
#                                                for, no paths, and exit 0
# A free-threaded build is one whose sysconfig sets Py_GIL_DISABLED (PEP 703), whether
# or not its GIL is on at run time.
set -uo pipefail

NAMES=(python3.13t python3.14t python3.15t)
IS_FREE_THREADED='import sys, sysconfig; sys.exit(0 if sysconfig.get_config_var("Py_GIL_DISABLED") else 3)'

if [[ $# -gt 0 ]]; then
    python=$1
    "$python" -c "$IS_FREE_THREADED" 2>/dev/null
    case $? in
        0) command -v "$python" || echo "$python"; exit 0 ;;
        3) version=$("$python" -c 'import sys; print(sys.version.split()[0])')
           echo "test-freethreaded: PYTHON=$python is CPython $version with a GIL (Py_GIL_DISABLED is not set); name a free-threaded build, e.g. PYTHON=python3.14t" >&2 ;;
        *) echo "test-freethreaded: PYTHON=$python does not run as a Python interpreter" >&2 ;;
    esac
    exit 1
fi

found=0
for name in "${NAMES[@]}"; do
    python=$(command -v "$name" 2>/dev/null) || continue
    "$python" -c "$IS_FREE_THREADED" 2>/dev/null || continue
    echo "$python"
    found=1
done
[[ $found == 1 ]] || echo "test-freethreaded: skipped: no free-threaded CPython found (looked for ${NAMES[*]} on PATH); with one installed elsewhere: make test-freethreaded PYTHON=/path/to/python3.14t" >&2
exit 0
