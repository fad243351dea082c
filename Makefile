# gilsweep: `make sweep` (the main job) and `make test` (every test, Swift and
# Python). Both work from a fresh clone: they install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= python3
SWIFT_CONFIG := release

.PHONY: help test swift-test python-test python-test-versions bench sweep system-deps swift-build bindings

help:
	@echo "make sweep   the main job: speedup vs work per call, every mode side by side (SWEEP_ARGS=...)"
	@echo "make test    build everything and run every test (Swift, and Python on python3, 3.12 and 3.13)"
	@echo "make bench   kernel speed next to primesieve and GMP"

system-deps:
	@scripts/install-system-deps.sh

swift-build: system-deps
	swift build -c $(SWIFT_CONFIG)

# Release mode: the known-answer tests sieve up to 2^32 and need optimized C.
swift-test: swift-build swift-package-check
	swift test -c $(SWIFT_CONFIG)

# The README's Swift example as a user gets it: a package outside the repository
# depending on this one by path. Offline, from what swift-build fetched.
.PHONY: swift-package-check
swift-package-check: swift-build
	scripts/check-swift-package.sh

# The Python side: a project virtual environment with the bindings installed
# the way users install them (pip install ./bindings; SWIG comes from PyPI), and
# reinstalled only when a C, SWIG or package file changed. Not gilsweep/kernels.py:
# every build rewrites that SWIG output, which would make the other venvs' stamps stale.
BINDINGS_STAMP := $(VENV)/.bindings-installed
BINDINGS_SOURCES := $(wildcard CSupport/*.c CSupport/*.h CSupport/include/*.h) \
	bindings/kernels.i bindings/batch.i bindings/pycompat.h bindings/setup.py bindings/pyproject.toml \
	$(filter-out bindings/gilsweep/kernels.py,$(wildcard bindings/gilsweep/*.py bindings/gilsweep/*.pyi bindings/gilsweep/sweep/*.py))

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip

# bindings/build goes first: setuptools would copy modules deleted from the source into the wheel.
$(BINDINGS_STAMP): $(VENV)/bin/python $(BINDINGS_SOURCES) | system-deps
	rm -rf bindings/build
	$(VENV)/bin/python -m pip install -q "./bindings[test,plot]"
	touch $@

bindings: $(BINDINGS_STAMP)

# Run from bindings/tests so `import gilsweep` finds the installed package, not the source folder.
python-test: bindings
	cd bindings/tests && ../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider

# The same suite on the other CPython versions the bindings support, each in its
# own .venv-X.Y made with that interpreter and kept up to date by the rules above
# (VENV and PYTHON overridden), e.g. make python-test-3.13. A version this machine
# lacks is skipped with one line, not failed (scripts/find-python.sh looks in pyenv
# and on PATH). The default python3's run is python-test, in $(VENV).
PYTHON_VERSIONS ?= 3.12 3.13

python-test-%:
	@python=$$(scripts/find-python.sh $*) || { echo "python-test-$*: skipped, no CPython $* found (pyenv, python$* on PATH)"; exit 0; }; \
	$(MAKE) --no-print-directory VENV=.venv-$* PYTHON=$$python python-test

# One version at a time, after python-test: every build writes SWIG's output into bindings/.
python-test-versions: python-test
	@for version in $(PYTHON_VERSIONS); do $(MAKE) --no-print-directory python-test-$$version || exit 1; done

test: swift-test python-test python-test-versions

# The main job. Extra options pass through, e.g. make sweep SWEEP_ARGS="--kernel all --full".
SWEEP_ARGS ?=
sweep: swift-build bindings
	$(VENV)/bin/python -m gilsweep sweep --swift .build/$(SWIFT_CONFIG)/gilsweep-swift $(SWEEP_ARGS)

bench: swift-build bindings
	@scripts/install-system-deps.sh --bench
	.build/$(SWIFT_CONFIG)/gilsweep-swift bench
	$(VENV)/bin/python bindings/benchmarks/bench_kernels.py .build/$(SWIFT_CONFIG)/gilsweep-swift
