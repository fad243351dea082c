"""Helpers shared by the test folders (kernels/, sweep/, cli/). Fixtures live in
conftest.py; plain functions and markers live here, imported as `helpers`:
bindings/tests is on sys.path (pytest's default import mode puts the folder of
conftest.py there), and no test folder is a package."""
import importlib
import os
import shutil
import signal
import subprocess
import sys

import pytest

import gilsweep
from gilsweep.core.target import Target
from gilsweep.probe.gil_probe import PATIENCE_S
from gilsweep.sweep import find_binary
from gilsweep.sweep.schema import Row

#: The repository's root folder.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: The folder of the tools: the noise injector, the method experiments and their helpers.
TOOLS = os.path.join(ROOT, "bindings", "tools")

#: Is the GIL on in this process? Read from the one helper the sweep uses too. Tests
#: whose claim is about the GIL (a holding call blocks other threads; the probe finds
#: hashlib's threshold) hold only where it is on, and say so where it is not.
GIL = gilsweep.gil_enabled()
needs_gil = pytest.mark.skipif(not GIL, reason="the claim is about the GIL, and this free-threaded "
                                               "interpreter runs without one (gilsweep.gil_enabled() is False)")
needs_no_gil = pytest.mark.skipif(GIL, reason="the claim is about running without a GIL (a free-threaded build with "
                                              "its GIL off), and this interpreter has one on")


def optional(name):
    """(the module `name` or None, a mark that skips a test needing it, naming why): an
    optional test tool that does not install or import on this interpreter (a new or
    pre-release CPython, free-threaded or not, may have no wheels of numpy, gmpy2 or
    matplotlib yet). Only the tests that use it skip; the rest of their module runs."""
    try:
        return importlib.import_module(name), pytest.mark.skipif(False, reason="")
    except ImportError as error:
        return None, pytest.mark.skip(reason=f"{name} does not import on this interpreter ({error})")


class _StandIn:
    """hypothesis's given, settings and strategies where it does not import: decorators
    that leave the test as it is (the skip mark stops it) and strategies that are None."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: (lambda function: function) if name in ("given", "settings") else None


def hypothesis_tools():
    """(given, settings, strategies, needs_hypothesis): hypothesis's, or stand-ins and a skip mark."""
    hypothesis, needs_hypothesis = optional("hypothesis")
    if hypothesis is None:
        stand_in = _StandIn()
        return stand_in.given, stand_in.settings, stand_in, needs_hypothesis
    return hypothesis.given, hypothesis.settings, hypothesis.strategies, needs_hypothesis


#: The gilsweep-swift binary the sweep would use, or None.
SWIFT = find_binary()
needs_swift = pytest.mark.skipif(SWIFT is None, reason="gilsweep-swift is not built")
#: Tests that cap a process's address space (RLIMIT_AS) cannot run under ASan,
#: which reserves terabytes of it up front (and is preloaded into child processes too).
needs_no_asan = pytest.mark.skipif(bool(os.environ.get("GILSWEEP_SANITIZER")),
                                   reason="ASan reserves terabytes of address space")


#: A long call interrupted (SIGINT, a cancelled Task) must end within this long. Its
#: kernel checks between segments, within milliseconds on a quiet machine (docs/api.md),
#: but this VM's host stalls a vCPU for 200 ms at a time, several in a row in a burst,
#: so a test bound that holds on any hour is ten stalls. The calls interrupted must last
#: at least ten times the bound, so that a kernel which never checks misses it widely.
STOPS_WITHIN_S = 2.0
#: (test, seconds from the signal to the KeyboardInterrupt) of every interrupted call,
#: printed at the end of the run (conftest.py), so the margin under the bound is seen.
STOP_TIMES = []


def stop_time(test, seconds):
    """Records an interrupted call's measured stop time; returns it."""
    STOP_TIMES.append((test, seconds))
    return seconds


def default_sigint():
    """preexec_fn for a child that must turn SIGINT into KeyboardInterrupt. A shell
    that starts a command in the background (`make test &`, nohup, some CI runners)
    makes it ignore SIGINT, children inherit that, and Python then installs no
    SIGINT handler at all; a terminal's Ctrl-C reaches a child with the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(*args, **kwargs):
    """`python -m gilsweep ARGS` in a child, as a user runs it; its CompletedProcess, text captured."""
    return subprocess.run([sys.executable, "-m", "gilsweep", *args], capture_output=True, text=True, timeout=300,
                          **kwargs)


def run_tool(name, *args, timeout=120):
    """`python bindings/tools/NAME ARGS` in a child, as the docs run it; its CompletedProcess, text captured."""
    return subprocess.run([sys.executable, os.path.join(TOOLS, name), *args], capture_output=True, text=True,
                          timeout=timeout)


def refuses_unreadable_runs(name, tmp_path):
    """A tool that reads saved runs refuses a missing file and one that is no run
    ({}) with exit 1, nothing on stdout and one line on stderr naming the tool."""
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    for path in (str(tmp_path / "none.json"), str(bad)):
        done = run_tool(name, path)
        assert done.returncode == 1 and done.stdout == "" and done.stderr.count("\n") == 1, (path, done.stderr)
        assert done.stderr.startswith(name.removesuffix(".py") + ": "), done.stderr


def row(mode, knob, per_call, speedup):
    """A churn row on 2 threads with a given time per call and speedup, its
    interval ±0.05x around it: what the report and calibration read."""
    return Row("python", mode, "churn", knob, 2, 10, per_call, 1.0, 1.0, speedup, speedup, speedup, 5,
               speedup - 0.05, speedup + 0.05, 5, 0)


def window(point, trial, kind, wall_s, warmup=False, capacity_ok=True, handoff_ok=True, max_chunk_s=0.001,
           median_chunk_s=0.001, in_call_s=None, **recorded):
    """A raw window record as sweep.json stores it (schema.WINDOW_KEYS but flag;
    slow_s and balance only if given, as runs saved before them)."""
    return {"point": point, "trial": trial, "order": 0, "start_s": 0.0, "kind": kind, "warmup": warmup,
            "wall_s": wall_s, "in_call_s": wall_s if in_call_s is None else in_call_s,
            "max_chunk_s": max_chunk_s, "median_chunk_s": median_chunk_s, "capacity_ok": capacity_ok,
            "handoff_ok": handoff_ok, **recorded}


def trial_windows(point, trial, seq_s, par_s, **flags):
    """The sequential and the parallel window of one trial; flags go to both."""
    return [window(point, trial, "seq", seq_s, **flags), window(point, trial, "par", par_s, **flags)]


def copy_sources(top):
    """CSupport/, bindings/ and LICENSE under folder top, as a fresh clone has them:
    without build outputs (SWIG's too), tests, benchmarks or tools."""
    shutil.copytree(os.path.join(ROOT, "CSupport"), os.path.join(top, "CSupport"),
                    ignore=shutil.ignore_patterns("*.o"))
    shutil.copytree(os.path.join(ROOT, "bindings"), os.path.join(top, "bindings"), ignore=shutil.ignore_patterns(
        "build", "dist", "CSupport", "*.so", "kernels_wrap.c", "kernels.py", "__pycache__", "*.egg-info", "tests",
        "benchmarks", "tools"))
    shutil.copy2(os.path.join(ROOT, "LICENSE"), os.path.join(top, "LICENSE"))


class FakeMeasurement:
    """A prober's measurement with a known answer: the target reads `readings[0]`
    where `answers(n)` says and `readings[1]` elsewhere; the references read as
    they should (the releasing one as readings[0]) unless the first
    `misread_attempts` attempts misread them. The prober is `prober_class`'s."""

    def __init__(self, prober_class, answers, readings, misread_attempts=0, patience_s=PATIENCE_S):
        self.answers, (self.yes, self.no) = answers, readings
        self.misread_attempts = misread_attempts
        self.function = lambda n: n
        self.prober = prober_class(Target("fake:target", self.function, "n", compile("n", "-", "eval")),
                                   measure=self.measure, seed=3, patience_s=patience_s)
        self.trials_measured = 0
        self.references_measured = 0

    @property
    def attempts(self):
        return (self.references_measured + 1) // 2

    def measure(self, function, arguments):
        if function is self.function:
            self.trials_measured += 1
            return self.yes if self.answers(arguments[0]) else self.no
        releasing = function is self.prober.references["release"][0]
        self.references_measured += 1  # two per attempt
        misread = (self.references_measured - 1) // 2 < self.misread_attempts
        return self.yes if releasing != misread else self.no
