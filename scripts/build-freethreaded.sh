#!/usr/bin/env bash
# Builds nogil-3.12, the PEP 703 prototype of free-threaded CPython (3.12.0a4
# base), from its source tarball, once, into a cache outside the repository, and
# prints the path of its python on the last line of stdout. A second call with
# the same tarball reuses the build (a few seconds); the cache is keyed by the
# tarball's sha256, so a different tarball builds anew.
#   scripts/build-freethreaded.sh TARBALL
#   GILSWEEP_CACHE=/somewhere scripts/build-freethreaded.sh TARBALL
# The recipe is the one verified in the tarball's README: ./configure
# --disable-gil, make -j2, make install; then the only pip, setuptools and wheel
# that accept a 3.12.0a4 alpha, installed into its site-packages from PyPI.
# SWIG and the test tools go into each venv made from it (the Makefile's rules,
# with scripts/prerelease-constraints.txt). Everything runs at nice 19: timings
# may be measured on this machine. 3-6 minutes on 2 cores.
set -euo pipefail

tarball=${1:?usage: build-freethreaded.sh TARBALL}
[[ -f "$tarball" ]] || { echo "build-freethreaded: no tarball at $tarball" >&2; exit 2; }
tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
host_python=${HOST_PYTHON:-python3}

sha=$(sha256sum "$tarball" | cut -c1-16)
cache=${GILSWEEP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gilsweep}/nogil-3.12-$sha
prefix=$cache/prefix
python=$prefix/bin/python3.12
done_stamp=$cache/.complete

mkdir -p "$cache"
# One build at a time per tarball: a second caller waits for the first and reuses it.
exec 9>"$cache/.lock"
flock 9

if [[ ! -f "$done_stamp" ]]; then
    echo "build-freethreaded: building nogil-3.12 into $cache (3-6 minutes; log: $cache/build.log)" >&2
    rm -rf "$cache/src" "$prefix"
    mkdir -p "$cache/src"
    start=$SECONDS
    {
        tar -xJf "$tarball" -C "$cache/src" --strip-components=1
        cd "$cache/src"
        nice -n 19 ./configure --disable-gil --prefix="$prefix" --with-ensurepip=no
        nice -n 19 make -j2
        nice -n 19 make install
        # 3.12.0a4 is an alpha: current pip and setuptools refuse it; these pins work.
        nice -n 19 "$host_python" -m pip install -q --target "$prefix/lib/python3.12/site-packages" \
            setuptools==65.5.1 wheel==0.38.4 pip==23.0.1
    } >"$cache/build.log" 2>&1 || { tail -n 40 "$cache/build.log" >&2; exit 1; }
    "$python" -c 'import sys; assert sys.flags.nogil, "not a free-threaded build"' \
        || { echo "build-freethreaded: $python is not free-threaded" >&2; exit 1; }
    rm -rf "$cache/src"   # about 600 MB of objects; the installed prefix is what is used
    touch "$done_stamp"
    echo "build-freethreaded: built in $((SECONDS - start)) s" >&2
fi
echo "$python"
