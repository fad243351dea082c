# gilsweep: `make sweep` (the main job) and `make test` (every test, Swift and
# Python). Both work from a fresh clone: they install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= python3
SWIFT_CONFIG := release

.PHONY: help test swift-test python-test bench system-deps swift-build

help:
	@echo "make test    build everything and run every test (Swift and Python)"
	@echo "make bench   kernel speed next to primesieve and GMP"

system-deps:
	@scripts/install-system-deps.sh

swift-build: system-deps
	swift build -c $(SWIFT_CONFIG)

# Release mode: the known-answer tests sieve up to 2^32 and need optimized C.
swift-test: swift-build
	swift test -c $(SWIFT_CONFIG)

test: swift-test

bench: swift-build
	@scripts/install-system-deps.sh --bench
	.build/$(SWIFT_CONFIG)/gilsweep-swift bench
