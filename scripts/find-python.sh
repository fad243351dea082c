#!/usr/bin/env bash
# Prints the path of a CPython X.Y interpreter that can make virtual
# environments, or exits 1 when this machine has none. Looks in pyenv (through
# `pyenv prefix`, then in $PYENV_ROOT/versions directly, for shells where pyenv
# is not initialised), then for pythonX.Y on PATH. A pyenv shim on PATH that
# fails because X.Y is not the selected version is tried and rejected like any
# other interpreter that does not run. Only X.Y.Z releases are taken from the
# versions folder (not 3.13.0t, a free-threaded build).
#   scripts/find-python.sh 3.12
set -uo pipefail

version=${1:?usage: find-python.sh X.Y}
candidates=()
if command -v pyenv >/dev/null 2>&1; then
    prefix=$(pyenv prefix "$version" 2>/dev/null) && candidates+=("$prefix/bin/python$version")
fi
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
while IFS= read -r dir; do
    candidates+=("$dir/bin/python$version")
done < <(ls -d "$pyenv_root/versions/$version".* 2>/dev/null | grep -E "/$version\.[0-9]+$" | sort -rV)
on_path=$(command -v "python$version" 2>/dev/null) && candidates+=("$on_path")

for python in "${candidates[@]}"; do
    [[ -x "$python" ]] || continue
    found=$("$python" -c 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    if [[ "$found" == "$version" ]]; then
        echo "$python"
        exit 0
    fi
done
exit 1
