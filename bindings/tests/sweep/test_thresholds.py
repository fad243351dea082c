"""Calibration: the knee, the smallest knob from which releasing the GIL stays ahead."""
from helpers import row


def test_calibrate_knee_is_where_release_stays_ahead():
    from gilsweep.sweep.thresholds import knee

    def pair(knob, hold, release):
        return [row("python-hold", knob, 1.0, hold), row("python-release", knob, 1.0, release)]

    rows = pair(10, 1.0, 0.6) + pair(100, 0.98, 1.1) + pair(1000, 0.97, 0.9) + pair(10000, 0.99, 1.5) + pair(100000, 1.0, 1.8)
    assert knee(rows) == 10000  # the blip at 100 does not count: release falls back at 1000
    assert knee(pair(10, 1.0, 0.5) + pair(20, 1.0, 0.9)) is None  # never catches up
    assert knee(pair(10, 0.7, 0.8)) is None  # ahead of hold but slower than one thread


def test_the_knob_of_a_call_as_long_as_the_latency_budget_is_found_within_a_few_percent():
    from gilsweep.sweep.thresholds import knob_for_call_seconds

    # A made-up kernel taking 1 ns per knob unit: a 1 ms budget is reached at 10^6.
    knob = knob_for_call_seconds("churn", 1e-3, time_call=lambda knob: knob * 1e-9)
    assert 1_000_000 <= knob <= 1_035_000
    assert knob_for_call_seconds("churn", 10.0, time_call=lambda knob: knob * 1e-9) is None  # never that long


def test_the_latency_report_takes_the_smaller_of_the_knee_and_the_budgets_knob():
    from gilsweep.sweep.thresholds import latency_report

    found = [("churn", "churn", 3000), ("gcd", "gcd", None)]
    text = latency_report(found, 1e-3, knob_for=lambda workload, budget: {"churn": 1000, "gcd": 50000}[workload])
    assert "| churn | 1000 | 3000 | 1000 |" in text and "| gcd | 50000 | none | 50000 |" in text


def test_the_cli_hands_its_waits_and_the_quick_forecast_to_calibrates_sweep(monkeypatch):
    from gilsweep import cli
    from gilsweep.probe import round_trip
    from gilsweep.sweep import config, engine

    asked = []

    class NoSweep:  # records the config it is given; measures nothing
        def __init__(self, sweep_config, **_):
            asked.append(sweep_config)

        def run(self):
            return self

        def analyze(self):
            return [], {}

    monkeypatch.setattr(engine, "Sweep", NoSweep)
    monkeypatch.setattr(round_trip, "measure", lambda quick: None)
    monkeypatch.setattr(round_trip, "table", lambda trip: "")
    default, quick = config.PRESETS["default"].forecast_s, config.PRESETS["quick"].forecast_s
    assert quick < default
    for argv, expected in [([], (config.MAX_WAIT_SECONDS, config.HANDOFF_WAIT_SECONDS, default)),
                           (["--quick", "--max-wait", "7", "--handoff-wait", "0"], (7.0, 0.0, quick))]:
        assert cli.main(["calibrate", "--kernel", "churn", "--knobs", "10,100", *argv]) == 0
        assert (asked[-1].max_wait_s, asked[-1].handoff_wait_s, asked[-1].forecast_s) == expected, argv
