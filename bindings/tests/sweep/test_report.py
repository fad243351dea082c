"""The report: crossovers read from a series of rows, and the summary that names them."""
import pytest

from gilsweep.sweep import report
from helpers import row


def test_crossovers_interpolate_in_log_work():
    series = [row("python-release", 1, 1.0, 0.5), row("python-release", 2, 10.0, 1.0), row("python-release", 3, 100.0, 2.0)]
    ceiling = [row("swift-threads", k, 0.1, 2.0) for k in (1, 2, 3)]
    at_target, at_ceiling = report.crossovers(series, ceiling)
    assert at_target.sustained and at_target.x == pytest.approx(10 ** 1.5)  # halfway between 1.0x at 10 µs and 2.0x at 100 µs
    assert at_ceiling.x == pytest.approx(10 ** 1.8)  # 90% of 2.0 = 1.8x
    assert at_target.low < at_target.x < at_target.high  # the intervals (±0.05x) give a range around it
    assert "µs (" in report.fmt_crossing(at_target)


def test_summary_names_every_crossover_and_marks_unstable_points():
    rows = [row("python-release", k, 10.0**k, s) for k, s in ((0, 0.4), (1, 1.2), (2, 1.9))]
    rows += [row("swift-threads", k, 10.0**k / 5, 1.95) for k in (0, 1, 2)]
    text = report.summary_markdown(rows, {}, True, unstable={("churn", "python-release", 1, 2, "")})
    assert "| python-release |" in text and "reaches 1.5x at" in text and "(the ceiling)" in text
    assert "1.20x [1.15, 1.25] ~ at" in text and "1.90x [1.85, 1.95] at" in text
    assert "**Partial**" in report.summary_markdown(rows, {}, False)


def test_the_summary_and_plot_say_which_build_they_show():
    from gilsweep.core import interpreter

    gil = {"gil_enabled": True, "free_threaded_build": False}
    nogil = {"gil_enabled": False, "free_threaded_build": True}
    forced = {"gil_enabled": True, "free_threaded_build": True}
    assert interpreter.words(gil) == "GIL on" and interpreter.note(gil) == "" and interpreter.title_note(gil) == ""
    assert interpreter.words(nogil) == "free-threaded build, GIL off"
    assert interpreter.words(forced) == "free-threaded build, GIL on" and interpreter.note(forced) == ""
    assert "attached" in interpreter.note(nogil) and "python-hold = attached" in interpreter.title_note(nogil)
    text = report.summary_markdown([], {**nogil, "python_version": "3.12.0a4"}, True)
    assert "Python 3.12.0a4 (free-threaded build, GIL off)" in text and "pure-python is the headline" in text


def test_machine_metadata_names_the_build(monkeypatch):
    import sys
    import sysconfig

    import gilsweep
    from gilsweep.core.metadata import machine_metadata

    # The known answer for this interpreter, read from its own flags, not from the helpers that fill the fields.
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED") or sysconfig.get_config_var("Py_NOGIL")
                         or hasattr(sys.flags, "nogil"))
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else not getattr(sys.flags, "nogil", False)
    metadata = machine_metadata()
    assert (metadata["gil_enabled"], metadata["free_threaded_build"]) == (gil, free_threaded)
    # Each field follows what the running interpreter says now, not a constant: the other build's answers.
    monkeypatch.setattr(gilsweep, "gil_enabled", lambda: not gil)
    monkeypatch.setattr(gilsweep, "free_threaded_build", lambda: not free_threaded)
    metadata = machine_metadata()
    assert (metadata["gil_enabled"], metadata["free_threaded_build"]) == (not gil, not free_threaded)


def test_a_hold_curve_above_one_gets_a_note_saying_it_is_not_parallel_work():
    gil = {"gil_enabled": True, "free_threaded_build": False}
    hold = [row("python-hold", 1, 0.026, 1.14), row("python-hold", 10, 0.03, 1.10), row("python-hold", 100, 0.3, 1.0)]
    text = report.summary_markdown(hold, gil, True)
    assert text.count("python-hold reads up to 1.14x (at 0.026 µs a call), yet its threads hold the GIL") == 1
    assert "Two threads taking turns" in text
    # Within noise of 1.0 (its interval reaches 1.0), or without a GIL (python-hold runs in parallel there): no note.
    near_one = [row("python-hold", 1, 0.026, 1.04), row("python-hold", 10, 0.03, 1.05)]
    assert "taking turns" not in report.summary_markdown(near_one, gil, True)
    nogil = {"gil_enabled": False, "free_threaded_build": True}
    assert "taking turns" not in report.summary_markdown(hold, nogil, True)


def test_a_run_measured_in_the_slow_handoff_state_shows_that_curve_apart():
    from dataclasses import replace
    rows = [replace(row("python-release", k, 10.0**k, s), state="normal") for k, s in ((0, 0.9), (1, 1.6))]
    rows += [replace(row("python-release", k, 10.0**k, s), state="slow") for k, s in ((0, 0.4), (1, 0.8))]
    rows += [row("python-release", 2, 100.0, 1.9)] + [row("swift-threads", k, 10.0**k, 1.95) for k in (0, 1, 2)]
    text = report.summary_markdown(rows, {}, True)
    assert "| python-release (slow handoff) | 1 µs: 0.40x | 100 µs: 1.90x |" in text
    assert "| python-release | 1 µs: 0.90x | 100 µs: 1.90x |" in text
    assert "| knob | python-release | python-release (slow handoff) | swift-threads |" in text
    assert "\"(slow handoff)\" is its curve" in text
    assert "slow handoff" not in report.summary_markdown([r for r in rows if r.state != "slow"], {}, True)
