"""The probe: hold-or-release decisions on known callables, the majority and its
references, the threshold search (on a fake measurement with a known answer),
and every error a target or its argument expression can cause."""
import time

import pytest

import gilsweep
from gilsweep.core.target import ProbeError
from gilsweep.probe import gil_probe
from helpers import FakeMeasurement, needs_gil


def decide(spec, expression, n, trials=3):
    return gil_probe.Prober(gil_probe.resolve(spec, expression), trials=trials, seed=1).decide(n)


def python_loop(n):
    return sum(range(n))


@pytest.mark.parametrize("spec, expression, n, releases", [
    ("gilsweep.kernels:churn_hold", "n", 1000, False),
    ("gilsweep.kernels:churn_release", "n", 1000, True),
    ("gilsweep.kernels:churn_release", "n", 1, True),  # a 10 ns call still lets the waiter in
    ("time:sleep", "n / 1e6", 1, True),
    ("probe.test_gil_probe:python_loop", "n", 1000, False),  # bytecode holds the GIL between switches
])
# The probe judges against a holding and a releasing reference callable; without a
# GIL both run in parallel, so it cannot judge at all there (ProbeError), not even
# a releasing target. What it answers on a free-threaded build is issue 21's step 5.
@needs_gil
def test_known_holding_and_releasing_callables(spec, expression, n, releases):
    verdict = decide(spec, expression, n)
    assert verdict.releases == releases, verdict.describe()
    # Host noise only lengthens a wait: a holding target's trials read "holds" on any hour,
    # while a stall can turn one trial of a releasing target, which the majority outvotes.
    assert releases or verdict.agree == verdict.trials, verdict.describe()


@needs_gil
def test_the_auto_policy_switches_at_the_release_threshold_also_after_it_changes():
    before = gilsweep.release_threshold("churn")
    try:
        for threshold in (before, 5000):
            gilsweep.set_release_threshold("churn", threshold)
            assert not decide("gilsweep.kernels:churn_auto", "n", threshold - 1).releases
            assert decide("gilsweep.kernels:churn_auto", "n", threshold).releases
    finally:
        gilsweep.set_release_threshold("churn", before)


def Fake(releases, **settings):
    """The probe with a known answer: the target releases (reads 0) where `releases(n)` says."""
    return FakeMeasurement(gil_probe.Prober, releases, (0.0, 1.0), **settings)


@pytest.mark.parametrize("releases, lo, hi, answer", [
    (lambda n: n >= 777, 1, 1_000_000, "threshold: 777"),
    (lambda n: n >= 2, 1, 2, "threshold: 2"),
    (lambda n: True, 0, 1000, "releases everywhere"),
    (lambda n: False, 0, 1000, "holds everywhere"),
    (lambda n: n >= 5, 5, 5, "releases everywhere"),
    (lambda n: n < 100, 1, 1000, "not monotone"),             # releases, then holds
    (lambda n: 10 <= n < 20, 1, 1000, "not monotone"),        # holds at both ends, releases between
    (lambda n: n >= 500 or n == 3, 1, 1000, "not monotone"),  # one stray release below the switch
])
def test_the_threshold_search(releases, lo, hi, answer):
    fake = Fake(releases)
    search = gil_probe.find_threshold(fake.prober, lo, hi)
    assert search.answer == answer
    assert (search.threshold is not None) == answer.startswith("threshold")
    assert len({v.n for v in search.verdicts}) == len(search.verdicts)  # each knob decided once


def test_a_unanimous_start_ends_a_decision_early_and_references_are_always_measured():
    fake = Fake(lambda n: True)
    verdict = fake.prober.decide(8)
    assert (verdict.releases, verdict.agree, verdict.trials) == (True, 3, 3) and fake.trials_measured == 3


def test_misread_references_mean_the_machine_cannot_judge():
    fake = Fake(lambda n: True, misread_attempts=10**9, patience_s=0)
    with pytest.raises(ProbeError, match=r"reference callables were misread 3 times at n=8 \(over [0-9]+ s\); "
                                         "the machine is too busy to judge"):
        fake.prober.decide(8)
    assert fake.attempts == gil_probe.RETRIES


def test_misread_references_are_measured_again_until_the_patience_runs_out_for_the_whole_prober():
    fake = Fake(lambda n: True, misread_attempts=10**9, patience_s=0.5)
    started = time.monotonic()
    with pytest.raises(ProbeError, match="reference callables were misread [0-9]+ times at n=8"):
        fake.prober.decide(8)
    assert time.monotonic() - started >= 0.5
    assert fake.attempts > gil_probe.RETRIES  # a fake measures in microseconds: many attempts in 0.5 s
    # The patience is the prober's, not each decision's: a threshold search's next decision
    # gets what is left of it, here almost nothing, so its RETRIES tries come at once.
    started = time.monotonic()
    with pytest.raises(ProbeError, match="reference callables were misread [0-9]+ times at n=9"):
        fake.prober.decide(9)
    assert time.monotonic() - started < 0.25


def test_a_decision_past_a_bad_stretch_is_judged():
    # More misread attempts than RETRIES, inside the patience: the verdict of the first good attempt.
    fake = Fake(lambda n: n >= 4, misread_attempts=gil_probe.RETRIES + 2)
    verdict = fake.prober.decide(8)
    assert verdict.releases and fake.attempts == gil_probe.RETRIES + 3


def test_on_the_machine_a_misread_attempt_is_followed_by_a_pause(monkeypatch):
    pauses = []
    monkeypatch.setattr(gil_probe.time, "sleep", pauses.append)
    fake = Fake(lambda n: True, misread_attempts=2)
    fake.prober.on_machine = True  # as with the real measurement: pause between attempts
    assert fake.prober.decide(8).releases and fake.attempts == 3
    assert len(pauses) == 2 and all(0.9 * gil_probe.PAUSE_S <= pause <= gil_probe.PAUSE_S for pause in pauses)


@pytest.mark.parametrize("spec, expression, message", [
    ("no_such_module_xyz:f", "n", "cannot import module 'no_such_module_xyz': ModuleNotFoundError"),
    ("hashlib:sha257", "n", "'hashlib' has no attribute 'sha257'"),
    ("os.path:join.nothing", "n", "'os.path.join' has no attribute 'nothing'"),
    ("math:pi", "n", "math:pi is not callable (it is a float)"),
    ("hashlib", "n", "must be module:attribute"),
    ("hashlib:sha256", "bytes(n", "is not a Python expression"),
])
def test_targets_that_cannot_be_resolved(spec, expression, message):
    with pytest.raises(ProbeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gil_probe.resolve(spec, expression)


def test_an_argument_expression_or_a_target_that_fails_names_the_knob():
    with pytest.raises(ProbeError, match=r"--arg 'bytes\(-n\)' failed at n=5: ValueError"):
        decide("hashlib:sha256", "bytes(-n)", 5)
    with pytest.raises(ProbeError, match="math:sqrt raised at n=3: ValueError: math domain error"):
        decide("math:sqrt", "-n", 3)


def test_a_tuple_expression_gives_several_arguments():
    target = gil_probe.resolve("builtins:divmod", "(n, 7)")
    assert target.arguments(23) == (23, 7)
    assert gil_probe.resolve("builtins:len", "(n,)").arguments(5) == (5,)
    assert gil_probe.resolve("builtins:len", "[n]").arguments(5) == ([5],)


def test_a_trial_restores_the_switch_interval():
    import sys

    before = sys.getswitchinterval()
    gil_probe.wait_share(time.sleep, (0,))
    assert sys.getswitchinterval() == before

