"""The summary's paragraph on noise: each count and cut in words, and a clause
only for what a run recorded (runs saved before a check have no count of it)."""
import pytest

from gilsweep.sweep import noise_text, results

QUIET = {"windows": 40, "stalled_windows": 0, "capacity_units": 0, "capacity_waits": 0, "capacity_wait_s": 0.0}


def test_a_quiet_run_of_an_old_format_says_only_what_it_counted():
    assert noise_text.paragraph(QUIET) == (
        "Noise: 0 of 40 windows stalled; 0 trials measured with too little capacity; 0 waits for the machine "
        "(0.0 s). Flagged trials are kept in sweep.json, left out of the estimates and measured again later.")


def test_a_noisy_run_names_every_count():
    noise = dict(QUIET, stalled_windows=3, imbalanced_windows=2, capacity_units=4, handoff_units=1,
                 handoff_deferrals=5, healthy_share=0.876, capacity_waits=6, capacity_wait_s=12.34)
    assert noise_text.paragraph(noise) == (
        "Noise: 3 of 40 windows stalled and 2 ran unevenly (one thread of a mode whose threads run apart finished "
        "well before the other); 4 trials measured with too little capacity and 1 with a slow GIL handoff "
        "(5 times a trial was put off until later while it was slow) (see canary.py); the machine delivered T "
        "cores 88% of the time; 6 waits for the machine (12.3 s). Flagged trials are kept in sweep.json, left "
        "out of the estimates and measured again later.")


def test_the_noise_counts_of_a_run_read_as_a_paragraph():
    noise = results.Run(metadata={}, seed=1).noise_counts()
    text = noise_text.paragraph(noise)
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
    assert noise_text.handoff_clause(noise) == clause


def test_the_imbalance_and_weather_clauses_appear_only_when_there_is_something_to_say():
    assert noise_text.imbalance_clause({}) == noise_text.imbalance_clause({"imbalanced_windows": 0}) == ""
    assert noise_text.imbalance_clause({"imbalanced_windows": 1}).startswith(" and 1 ran unevenly (")
    assert noise_text.weather_clause({}) == noise_text.weather_clause({"healthy_share": None}) == ""
    assert noise_text.weather_clause({"healthy_share": 0.0}) == "the machine delivered T cores 0% of the time; "
    assert noise_text.weather_clause({"healthy_share": 1.0}) == "the machine delivered T cores 100% of the time; "


def test_a_run_within_its_budgets_gets_no_budget_sentence():
    assert noise_text.budget_sentence({}) == ""
    assert noise_text.budget_sentence({"requeues_skipped": 0, "extra_rounds_skipped": 0, "stopped_s": None}) == ""


def test_each_cut_of_the_budgets_is_its_own_sentence():
    assert noise_text.budget_sentence({"past_budget_s": 330.4, "stable_units_skipped": 7}) == (
        " Its measuring time passed the budget at 330 s of the run; from then on only points still unstable were "
        "measured (7 planned trials of stable points skipped).")
    assert noise_text.budget_sentence({"wait_allowance_spent_s": 600.0}) == (
        " The waiting allowance ran out at 600 s: later trials were measured whatever the machine's state.")
    assert noise_text.budget_sentence({"extra_rounds_skipped": 2}) == (
        " 0 flagged trials were not measured again and 2 rounds past the first look were skipped (no time or "
        "waiting allowance left).")
    assert noise_text.budget_sentence({"requeues_skipped": 3}).startswith(" 3 flagged trials were not measured")


@pytest.mark.parametrize("stopped_by, why", [
    ("max_time", "its limit on the whole run, --max-time"),
    ("measuring_cap", "its cap on measuring time"),
    ("waiting_allowance", "past its budget with no waiting allowance left"),
    (None, "its cap on measuring time"),  # a run saved before the reason was recorded
])
def test_a_run_stopped_early_says_why_and_what_it_did_not_measure(stopped_by, why):
    noise = {"stopped_s": 839.6, "stopped_by": stopped_by, "units_skipped": 12}
    assert noise_text.budget_sentence(noise) == f" The run stopped at 840 s ({why}) with 12 planned trials not measured."


def test_every_reason_to_stop_has_words():
    assert set(noise_text.STOPPED_BY) == {"max_time", "measuring_cap", "waiting_allowance"}


def test_the_summary_says_what_the_stopping_rule_and_the_grid_did():
    noise = {"stopping": {"settled": 60, "capped": 8, "active": 0, "reopened": 2, "closing_round": True},
             "refined_points": 12}
    assert noise_text.budget_sentence(noise) == (
        " The stopping rule let 60 points go once their intervals were narrow enough; 8 reached the most rounds a "
        "point gets, 2 were measured again after their estimate moved. The grid gained 12 points where the curves "
        "bend.")
    cut = {"stopping": {"settled": 1, "capped": 0, "active": 3, "reopened": 0, "closing_round": False}}
    assert noise_text.budget_sentence(cut) == (
        " The stopping rule let 1 points go once their intervals were narrow enough; 0 reached the most rounds a "
        "point gets, 3 were still being measured at the end.")
    assert noise_text.budget_sentence({"stopping": None, "refined_points": 0}) == ""
