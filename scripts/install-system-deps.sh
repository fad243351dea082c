#!/usr/bin/env bash
# Installs the Debian packages gilsweep needs, only when they are missing:
# GMP's headers (always), the primesieve CLI with --bench (the peer that
# `make bench` measures against), valgrind with --valgrind (make leaks).
# Non-interactive; needs root or sudo.
set -euo pipefail

missing=()
if ! echo '#include <gmp.h>' | cc -E -x c - >/dev/null 2>&1; then missing+=(libgmp-dev); fi
if [[ "${1:-}" == "--bench" ]] && ! command -v primesieve >/dev/null; then missing+=(primesieve); fi
if [[ "${1:-}" == "--valgrind" ]] && ! command -v valgrind >/dev/null; then missing+=(valgrind); fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing ${missing[*]} with apt-get" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
