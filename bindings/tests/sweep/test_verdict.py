"""The verdict: trustworthy or untrustworthy, and why, wherever a run is shown;
and the summary's paragraph on noise: each count and cut in words, and a clause
only for what a run recorded (runs saved before a check have no count of it)."""
from types import SimpleNamespace

import pytest

from gilsweep.sweep import report, results, verdict
from helpers import row


def a_run(complete=True, timeline=(), budget=None, cores=2):
    return SimpleNamespace(metadata={"cores": cores}, complete=complete, timeline=list(timeline), canaries=[],
                           config={"threads": [2], "max_wait_s": 600}, budget=budget or {})


def churn_rows(swift=1.9, release=1.8):
    rows = [row("python-release", k, 10.0 ** (k - 2), release) for k in range(6)]
    return rows + [row("swift-threads", k, 10.0 ** (k - 3), swift) for k in range(6)]


def test_a_stable_run_with_its_ceiling_in_place_is_trustworthy():
    rows = churn_rows()
    trust = verdict.judge(a_run(), rows, stable=len(rows), points=len(rows))
    assert trust.trustworthy and trust.line().startswith("trustworthy: 12 of 12 points stable")
    assert "the swift-threads ceiling 1.90x from 1 µs" in trust.reason and trust.advice == ""


def test_more_than_a_tenth_of_points_unstable_makes_it_untrustworthy():
    rows = churn_rows()
    assert verdict.judge(a_run(), rows, stable=11, points=12).trustworthy  # 92% stable
    trust = verdict.judge(a_run(), rows, stable=10, points=12)
    assert not trust.trustworthy and trust.line().startswith("untrustworthy: 10 of 12 points stable")
    assert "run again in a quieter hour" in trust.line() and "--max-wait" in trust.advice


def test_a_ceiling_below_what_the_cores_give_makes_it_untrustworthy():
    rows = churn_rows(swift=1.4)
    trust = verdict.judge(a_run(), rows, stable=12, points=12)
    assert not trust.trustworthy and "ceiling read 1.40x from 1 µs, 3 of 3 points below 80% of the cores" in trust.reason
    # Calls under 1 µs are not judged: start-up dominates them.
    rows = churn_rows() + [row("swift-threads", 9, 0.01, 1.0)]
    assert verdict.judge(a_run(), rows, stable=13, points=13).trustworthy
    # One core: the ceiling can only be 1x.
    assert verdict.judge(a_run(cores=1), churn_rows(swift=0.95), stable=12, points=12).trustworthy


def test_an_interrupted_run_or_one_without_points_is_untrustworthy():
    rows = churn_rows()
    assert verdict.judge(a_run(complete=False), rows, 12, 12).reason.startswith("the run was interrupted")
    assert not verdict.judge(a_run(), [], 0, 4).trustworthy


def test_without_a_ceiling_stability_decides_and_the_reason_says_so():
    rows = [row("python-release", k, 10.0 ** k, 1.8) for k in range(4)]
    trust = verdict.judge(a_run(), rows, 4, 4)
    assert trust.trustworthy and "no swift-threads ceiling to check against" in trust.reason


def test_the_reason_gives_the_share_of_time_the_machine_delivered_its_cores():
    timeline = [{"t": t, "threads": 2, "capacity": 2.0, "capacity_ok": t < 6, "healthy": t < 6} for t in range(12)]
    trust = verdict.judge(a_run(timeline=timeline), churn_rows(), 12, 12)
    assert trust.trustworthy and "the machine gave 2 cores 50% of the time" in trust.reason


def test_an_untrustworthy_summary_opens_with_the_word_and_no_table_goes_without_it():
    rows = churn_rows(swift=1.2)
    trust = verdict.judge(a_run(), rows, 12, 12)
    text = report.summary_markdown(rows, {}, True, trust=trust)
    assert text.splitlines()[0].startswith("**untrustworthy**: ")
    headings = [line for line in text.splitlines() if line.startswith("## ") or line.startswith("Every point")]
    assert headings and all("untrustworthy" in line for line in headings)
    good = report.summary_markdown(churn_rows(), {}, True, trust=verdict.judge(a_run(), churn_rows(), 12, 12))
    assert good.splitlines()[0].startswith("**trustworthy**: ") and "untrustworthy" not in good


def test_threads_holding_the_gil_that_read_faster_than_one_make_it_untrustworthy():
    """The mirror of the ceiling: one default run read pure-python at 1.16-1.39x."""
    pure = [row("pure-python", k, 10.0 ** (k - 2), 1.39 if k < 3 else 1.0) for k in range(6)]
    rows = churn_rows() + pure
    trust = verdict.judge(a_run(), rows, stable=len(rows), points=len(rows))
    assert not trust.trustworthy
    assert "pure-python, whose threads hold the GIL, read up to 1.39x, 3 of 6 points wholly above 1.2x" in trust.reason
    # Noise at one point of ten is not judged, and 1.2x itself passes.
    hold = [row("python-hold", k, 10.0 ** (k - 2), 1.3 if k == 0 else 1.2) for k in range(10)]
    assert verdict.judge(a_run(), churn_rows() + hold, stable=22, points=22).trustworthy
    # On a lattice's 8 points, one estimate at 1.23x whose interval reaches below 1.2x is not judged either;
    # one whose whole interval lies above it is (bad-day run of 2026-12-07: 1.20x and 1.23x, 1 of 8).
    lattice = [row("python-hold", k, 10.0 ** (k - 2), 1.0) for k in range(7)] + [row("python-hold", 7, 1e5, 1.23)]
    assert verdict.judge(a_run(), churn_rows() + lattice, stable=20, points=20).trustworthy
    lattice[-1] = row("python-hold", 7, 1e5, 1.3)
    assert not verdict.judge(a_run(), churn_rows() + lattice, stable=20, points=20).trustworthy
    # Without a GIL those threads run in parallel, as they should.
    free = a_run()
    free.metadata["gil_enabled"] = False
    assert verdict.judge(free, rows, stable=len(rows), points=len(rows)).trustworthy


def test_a_run_whose_halves_differ_at_many_points_is_untrustworthy():
    rows = churn_rows()
    agreeing = [(1.8, 1.85)] * 10
    assert verdict.judge(a_run(), rows, len(rows), len(rows), halves=agreeing).trustworthy
    moved = agreeing[:8] + [(1.0, 1.8), (1.1, 1.6)]
    trust = verdict.judge(a_run(), rows, len(rows), len(rows), halves=moved)
    assert not trust.trustworthy and "first and second half differ by more than 0.3x at 2 of 10 points" in trust.reason
    # One point in ten is within the share a run may have.
    assert verdict.judge(a_run(), rows, len(rows), len(rows), halves=agreeing[:9] + [(1.0, 1.8)]).trustworthy


def test_a_run_is_an_answer_if_it_is_one_for_some_handoff_state():
    ceiling = "the swift-threads ceiling 1.96-2.01x from 1 µs"
    good = verdict.Verdict(True, f"68 of 68 points stable; {ceiling}")
    bad = verdict.Verdict(False, f"20 of 68 points stable; the run was interrupted; {ceiling}", "Run again")
    plain = verdict.combine({"": good}, {})
    assert plain is good and verdict.combine({"normal": bad}, {"normal": 1.0}) is bad
    both = verdict.combine({"normal": good, "slow": bad}, {"normal": 0.31, "slow": 0.69})
    assert both.trustworthy and both.advice == ""
    assert both.reason == ("trustworthy for the normal handoff (31% of the run): 68 of 68 points stable; "
                           "untrustworthy for the slow handoff (69% of the run): 20 of 68 points stable, "
                           f"the run was interrupted; {ceiling}")
    only_slow = verdict.combine({"slow": good}, {"normal": 0.02, "slow": 0.98})
    assert only_slow.trustworthy and only_slow.reason == (
        f"trustworthy for the slow handoff (the only state measured, 98% of the run); 68 of 68 points stable; {ceiling}")
    neither = verdict.combine({"normal": bad, "slow": bad}, {})
    assert not neither.trustworthy and neither.advice == "Run again" and "share unknown" in neither.reason


QUIET = {"windows": 40, "stalled_windows": 0, "capacity_units": 0, "capacity_waits": 0, "capacity_wait_s": 0.0}


def test_a_quiet_run_of_an_old_format_says_only_what_it_counted():
    assert verdict.paragraph(QUIET) == (
        "Noise: 0 of 40 windows stalled; 0 trials measured with too little capacity; 0 waits for the machine "
        "(0.0 s). Flagged trials are kept in sweep.json, left out of the estimates and measured again later.")


def test_a_noisy_run_names_every_count():
    noise = dict(QUIET, stalled_windows=3, imbalanced_windows=2, capacity_units=4, handoff_units=1,
                 handoff_deferrals=5, healthy_share=0.876, capacity_waits=6, capacity_wait_s=12.34)
    assert verdict.paragraph(noise) == (
        "Noise: 3 of 40 windows stalled and 2 ran unevenly (one thread of a mode whose threads run apart finished "
        "well before the other); 4 trials measured with too little capacity and 1 with a slow GIL handoff "
        "(5 times a trial was put off until later while it was slow) (see canary.py); the machine delivered T "
        "cores 88% of the time; 6 waits for the machine (12.3 s). Flagged trials are kept in sweep.json, left "
        "out of the estimates and measured again later.")


def test_the_noise_counts_of_a_run_read_as_a_paragraph():
    noise = results.Run(metadata={}, seed=1).noise_counts()
    text = verdict.paragraph(noise)
    assert text.startswith("Noise: 0 of 0 windows stalled; 0 trials measured with too little capacity and 0 "
                           "with a slow GIL handoff (see canary.py); ")
    assert text.endswith("0 waits for the machine (0.0 s). Flagged trials are kept in sweep.json, left out of "
                         "the estimates and measured again later.")


@pytest.mark.parametrize("noise, clause", [
    ({}, ""),
    ({"handoff_units": None}, ""),
    ({"handoff_units": 0}, " and 0 with a slow GIL handoff (see canary.py)"),
    ({"handoff_units": 2, "handoff_deferrals": 0}, " and 2 with a slow GIL handoff (see canary.py)"),
    ({"handoff_units": 2, "handoff_deferrals": 1},
     " and 2 with a slow GIL handoff (1 times a trial was put off until later while it was slow) (see canary.py)"),
])
def test_the_handoff_clause(noise, clause):
    assert verdict.handoff_clause(noise) == clause


def test_the_imbalance_and_weather_clauses_appear_only_when_there_is_something_to_say():
    assert verdict.imbalance_clause({}) == verdict.imbalance_clause({"imbalanced_windows": 0}) == ""
    assert verdict.imbalance_clause({"imbalanced_windows": 1}).startswith(" and 1 ran unevenly (")
    assert verdict.weather_clause({}) == verdict.weather_clause({"healthy_share": None}) == ""
    assert verdict.weather_clause({"healthy_share": 0.0}) == "the machine delivered T cores 0% of the time; "
    assert verdict.weather_clause({"healthy_share": 1.0}) == "the machine delivered T cores 100% of the time; "


def test_a_run_within_its_budgets_gets_no_budget_sentence():
    assert verdict.budget_sentence({}) == ""
    assert verdict.budget_sentence({"requeues_skipped": 0, "extra_rounds_skipped": 0, "stopped_s": None}) == ""


def test_each_cut_of_the_budgets_is_its_own_sentence():
    assert verdict.budget_sentence({"past_budget_s": 330.4, "stable_units_skipped": 7}) == (
        " Its measuring time passed the budget at 330 s of the run; from then on only points still unstable were "
        "measured (7 planned trials of stable points skipped).")
    assert verdict.budget_sentence({"wait_allowance_spent_s": 600.0}) == (
        " The waiting allowance ran out at 600 s: later trials were measured whatever the machine's state.")
    assert verdict.budget_sentence({"extra_rounds_skipped": 2}) == (
        " 0 flagged trials were not measured again and 2 rounds past the first look were skipped (no time or "
        "waiting allowance left).")
    assert verdict.budget_sentence({"requeues_skipped": 3}).startswith(" 3 flagged trials were not measured")


@pytest.mark.parametrize("stopped_by, why", [
    ("max_time", "its limit on the whole run, --max-time"),
    ("measuring_cap", "its cap on measuring time"),
    ("waiting_allowance", "past its budget with no waiting allowance left"),
    (None, "its cap on measuring time"),  # a run saved before the reason was recorded
])
def test_a_run_stopped_early_says_why_and_what_it_did_not_measure(stopped_by, why):
    noise = {"stopped_s": 839.6, "stopped_by": stopped_by, "units_skipped": 12}
    assert verdict.budget_sentence(noise) == f" The run stopped at 840 s ({why}) with 12 planned trials not measured."


def test_every_reason_to_stop_has_words():
    assert set(verdict.STOPPED_BY) == {"max_time", "measuring_cap", "waiting_allowance"}


def test_the_summary_says_what_the_stopping_rule_and_the_grid_did():
    noise = {"stopping": {"settled": 60, "capped": 8, "active": 0, "reopened": 2, "closing_round": True},
             "refined_points": 12}
    assert verdict.budget_sentence(noise) == (
        " The stopping rule let 60 points go once their intervals were narrow enough; 8 reached the most rounds a "
        "point gets, 2 were measured again after their estimate moved. The grid gained 12 points where the curves "
        "bend.")
    cut = {"stopping": {"settled": 1, "capped": 0, "active": 3, "reopened": 0, "closing_round": False}}
    assert verdict.budget_sentence(cut) == (
        " The stopping rule let 1 points go once their intervals were narrow enough; 0 reached the most rounds a "
        "point gets, 3 were still being measured at the end.")
    assert verdict.budget_sentence({"stopping": None, "refined_points": 0}) == ""
