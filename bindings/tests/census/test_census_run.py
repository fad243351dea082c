"""The census run: an entry that cannot be measured costs that entry, in one
line, and the census goes on (in worker processes too); a measured entry gets
the probe's own threshold search."""
import gilsweep
from gilsweep.census import listing, run
from helpers import needs_gil


def entry(target, arg, lo=1, hi=1000):
    return listing.Entry(target, arg, "n", lo, hi, target, "", "test")


BROKEN = [entry("no_such_module_xyz:f", "n"), entry("math:no_such_function", "n"),
          entry("hashlib:sha256", "bytes(-n)"), entry("math:sqrt", "-n")]
MESSAGES = ["cannot import module 'no_such_module_xyz'", "'math' has no attribute 'no_such_function'",
            "--arg 'bytes(-n)' failed at n=1: ValueError", "math:sqrt raised at n=1: ValueError: math domain error"]


def test_entries_that_cannot_be_measured_say_why_in_one_line_each():
    seen = []
    outcomes = run.measure_all(BROKEN, trials=3, on_outcome=lambda index, outcome: seen.append(index))
    assert seen == [0, 1, 2, 3]
    for outcome, message in zip(outcomes, MESSAGES):
        assert message in outcome.error and "\n" not in outcome.error and outcome.answer == ""
        assert run.describe(outcome).startswith("not measured: ")


def test_worker_processes_give_the_same_outcomes_in_the_same_order():
    outcomes = run.measure_all(BROKEN, trials=3, jobs=2)
    assert [message in outcome.error for outcome, message in zip(outcomes, MESSAGES)] == [True] * 4


@needs_gil
def test_a_measured_entry_gets_the_probes_threshold_and_its_verdicts():
    threshold = gilsweep.release_threshold("churn")
    outcome = run.measure_entry(entry("gilsweep.kernels:churn_auto", "n", threshold // 2, threshold * 2), trials=3)
    assert not outcome.error and outcome.threshold == threshold and outcome.answer == f"threshold: {threshold}"
    assert {v["n"]: v["verdict"] for v in outcome.verdicts}[threshold - 1] == "holds"
    assert run.describe(outcome) == f"releases from {threshold} n"
