"""The probe without a GIL: parallel or serialize, on hashlib (parallel for
large inputs), a callable that takes a lock (serializes) and the references (on
a free-threaded interpreter); the words and the majority on a fake measurement
(everywhere)."""
import hashlib
import threading
import time

import pytest

import gilsweep
from gilsweep.core.target import ProbeError
from gilsweep.probe import gil_probe, parallel
from helpers import FakeMeasurement, needs_no_gil

LOCK = threading.Lock()


def locked_sha256(n):
    """A callable that takes a threading.Lock inside: its calls serialize."""
    with LOCK:
        return hashlib.sha256(bytes(n)).digest()


@needs_no_gil
def test_without_a_gil_hashlib_runs_in_parallel_for_large_inputs():
    # Only calls long enough to judge on any hour: below a few KiB a call is about a
    # microsecond and two threads' slowdown sits near the 1.5 cut (docs/notebook/measurements.md);
    # the verdict at every size is covered by the scripted measurements below.
    prober = parallel.prober_for(gil_probe.resolve("hashlib:sha256", "bytes(n)"), trials=3, seed=1)
    assert isinstance(prober, parallel.ParallelProber)
    for n in (65536, 1048576):
        verdict = prober.decide(n)
        assert verdict.parallel and verdict.word == "parallel", verdict.describe()


@needs_no_gil
def test_without_a_gil_hashlib_never_reads_as_serializing_at_small_inputs():
    # Calls of 1-256 bytes are well under a microsecond: two threads' slowdown sits near
    # the cut, so a bad hour may leave the probe unable to decide (it refuses, naming the
    # references it misread). It must never answer "serializes": hashlib takes no lock.
    prober = parallel.prober_for(gil_probe.resolve("hashlib:sha256", "bytes(n)"), trials=3, seed=1)
    for n in (1, 16, 256):
        try:
            verdict = prober.decide(n)
        except ProbeError as refusal:
            assert "misread" in str(refusal), refusal
        else:
            assert verdict.parallel and verdict.word == "parallel", verdict.describe()


@needs_no_gil
@pytest.mark.parametrize("n", [1, 100_000])
def test_without_a_gil_a_callable_that_takes_a_lock_serializes(n):
    verdict = parallel.prober_for(gil_probe.resolve("probe.test_parallel:locked_sha256", "n"), trials=3, seed=1).decide(n)
    assert not verdict.parallel and verdict.word == "serializes", verdict.describe()
    assert verdict.as_dict()["verdict"] == "serializes" and len(verdict.as_dict()["slowdowns"]) == verdict.trials


@needs_no_gil
def test_without_a_gil_the_references_read_as_they_should():
    # One slowdown is one moment of the machine, and a host that gives both threads one
    # core makes anything read as serializing (1.76 in one CI run), never the other way:
    # the parallel reference is measured as a decision measures it (the prober's own
    # measurement, which waits out one core), for up to RETRIES tries, as a decision would.
    def knob():
        return (parallel.PARALLEL_REFERENCE_KNOB,)
    assert parallel.slowdown(parallel.serialized_churn, knob) > parallel.SERIAL_CUT
    prober = parallel.prober_for(gil_probe.resolve("hashlib:sha256", "bytes(n)"))
    prober.deadline = time.monotonic() + gil_probe.PATIENCE_S
    readings = []
    while not readings or (readings[-1] >= parallel.SERIAL_CUT and len(readings) < gil_probe.RETRIES):
        prober.wait_for_machine(prober.deadline, first=True)
        readings.append(prober.measure(*prober.references["release"]))
    assert readings[-1] < parallel.SERIAL_CUT, readings


def FakeParallel(parallel_at, **settings):
    """The probe without a GIL with a known answer: the target runs in parallel
    (slowdown 1) where `parallel_at(n)` says, else serializes (2)."""
    return FakeMeasurement(parallel.ParallelProber, parallel_at, (1.0, 2.0), **settings)


@pytest.mark.parametrize("parallel_at, answer", [
    (lambda n: True, "parallel everywhere"),
    (lambda n: False, "serializes everywhere"),
    (lambda n: n >= 64, "threshold: 64"),
])
def test_the_parallel_prober_answers_in_its_own_words(parallel_at, answer):
    fake = FakeParallel(parallel_at)
    assert gil_probe.find_threshold(fake.prober, 1, 1000).answer == answer
    verdict = fake.prober.decide(1)
    assert verdict.word == ("parallel" if parallel_at(1) else "serializes")
    assert verdict.describe().startswith(f"n=1: {verdict.word} (3/3 trials; two threads took ")


def test_misread_references_without_a_gil_mean_the_machine_cannot_judge():
    with pytest.raises(ProbeError, match=r"reference callables were misread 3 times at n=8 \(over [0-9]+ s\)"):
        FakeParallel(lambda n: True, misread_attempts=10**9, patience_s=0).prober.decide(8)


def test_without_a_gil_a_decision_past_a_bad_stretch_is_judged():
    fake = FakeParallel(lambda n: False, misread_attempts=gil_probe.RETRIES + 2)
    assert fake.prober.decide(8).word == "serializes" and fake.attempts == gil_probe.RETRIES + 3


class ScriptedMachine:
    """The on-machine path with the machine scripted: parallel.slowdown returns
    the target's readings in turn (the last repeats; the references read as they
    should), and the canary reads two cores, except once right after each of the
    target's first `one_core_trials` serializing readings."""

    def __init__(self, monkeypatch, target_readings, one_core_trials):
        self.target_readings, self.one_core_trials = list(target_readings), one_core_trials
        self.one_core_now, self.canary_reads = False, 0
        self.prober = parallel.ParallelProber(gil_probe.Target("fake:target", self.target, "n", compile("n", "-", "eval")),
                                              trials=3, seed=3)
        monkeypatch.setattr(parallel, "slowdown", self.slowdown)
        monkeypatch.setattr(self.prober, "two_cores", self.canary)
        monkeypatch.setattr(parallel.time, "sleep", lambda seconds: None)

    @staticmethod
    def target(n):
        return n

    def slowdown(self, function, make_arguments):
        if function is not self.target:
            return 1.0 if function is self.prober.references["release"][0] else 2.0
        reading = self.target_readings.pop(0) if len(self.target_readings) > 1 else self.target_readings[0]
        if reading >= parallel.SERIAL_CUT and self.one_core_trials:
            self.one_core_trials -= 1
            self.one_core_now = True
        return reading

    def canary(self):
        self.canary_reads += 1
        one_core, self.one_core_now = self.one_core_now, False
        return not one_core


def test_a_serializing_trial_on_one_core_is_measured_again_once_two_cores_are_back(monkeypatch):
    # The target's first trial reads 2.0 and the canary then reads one core: that trial is
    # measured again once two cores are back (1.0), as a core lost mid-decision would be.
    machine = ScriptedMachine(monkeypatch, [2.0, 1.0], one_core_trials=1)
    verdict = machine.prober.decide(8)
    assert verdict.word == "parallel" and verdict.shares == (1.0, 1.0), verdict.describe()


def test_a_serializing_trial_on_two_cores_stands(monkeypatch):
    machine = ScriptedMachine(monkeypatch, [2.0], one_core_trials=0)
    verdict = machine.prober.decide(8)
    assert verdict.word == "serializes" and verdict.shares == (2.0, 2.0), verdict.describe()
    assert machine.canary_reads >= 3  # before the attempt, and after each serializing trial


def test_the_prober_asks_the_question_of_this_build():
    prober = parallel.prober_for(gil_probe.resolve("hashlib:sha256", "bytes(n)"))
    assert type(prober) is (gil_probe.Prober if gilsweep.gil_enabled() else parallel.ParallelProber)
    assert parallel.no_gil_line("hashlib:sha256").startswith("no GIL: ")
