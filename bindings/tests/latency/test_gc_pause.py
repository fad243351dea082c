"""`gilsweep gc-pause`: a small run end to end and its folder re-rendered by
`plot`; without a GIL, the attached call's pause grows and the detached one's
does not; the analysis on made-up trials; a summary calls a mode flat only where
its numbers are (the published runs too); bad input in one line."""
import csv
import json
import os
import pathlib
import random
import re

import pytest

from gilsweep.core.metadata import ResultsError
from gilsweep.latency import gc_pause, gc_report
from helpers import needs_gil, needs_no_gil, run_cli

#: The small run the module's tests share (conftest.py's small_run).
SMALL_RUN = (gc_pause.run_gc_pause, gc_pause.GcPauseConfig(knobs=(1_000, 3_000_000), repeats=2, phase_s=0.03,
                                                           min_collections=4, seed=3, max_wait_s=5))


def test_a_small_run_writes_its_folder_and_plot_rerenders_it(small_run):
    out, document, paths = small_run
    assert {os.path.basename(p) for p in paths} >= {"gc-pause.json", "gc-pause.csv", "summary.md"}
    assert document["complete"] and len(document["points"]) == 4 and len(document["trials"]) == 8
    assert all({"alone", "loaded", "capacity_ok"} <= set(t) and t["loaded"]["count"] >= 4 for t in document["trials"])
    with open(os.path.join(out, "gc-pause.csv")) as source:
        rows = list(csv.DictReader(source))
    assert len(rows) == 4 and tuple(rows[0]) == gc_report.COLUMNS
    summary = open(os.path.join(out, "summary.md")).read()
    meanings = {row["mode"]: row["meaning"] for row in rows}
    assert meanings in ({"python-hold": "hold", "python-release": "release"},
                        {"python-hold": "attached", "python-release": "detached"})
    assert f"| python-hold ({meanings['python-hold']}) | 3000000 |" in summary
    # plot recomputes the table from the raw trials in gc-pause.json: the same rows as the run wrote.
    os.remove(os.path.join(out, "gc-pause.csv"))
    done = run_cli("plot", out)
    assert done.returncode == 0, done.stderr
    with open(os.path.join(out, "gc-pause.csv")) as source:
        assert list(csv.DictReader(source)) == rows


def run_cli_next_to_8_ms_calls(out, max_wait_s):
    """`gilsweep gc-pause` next to churn calls of 3e7 iterations (about 8 ms), in a process
    of its own; its CSV's rows by mode."""
    done = run_cli("gc-pause", "--knobs", "30000000", "--repeats", "2", "--quick", "--seed", "5",
                   "--max-wait", str(max_wait_s), "--out", str(out))
    assert done.returncode == 0, done.stderr
    with open(out / "gc-pause.csv") as source:
        return {row["mode"]: row for row in csv.DictReader(source)}


@needs_no_gil
def test_without_a_gil_an_attached_call_delays_the_collection_and_a_detached_one_does_not(tmp_path):
    # churn at 3e7 iterations: calls of about 8 ms. In a process of its own: in pytest's,
    # with its heap, a collection alone takes 10-15 ms.
    rows = run_cli_next_to_8_ms_calls(tmp_path / "run", max_wait_s=60)
    attached, detached = rows["python-hold"], rows["python-release"]
    assert attached["meaning"] == "attached" and detached["meaning"] == "detached"
    call_ms = float(attached["per_call_us"]) / 1e3
    def waited(row, key):
        return float(row[key]) - float(row["alone_p50_ms"])  # beyond a collection's own time
    assert waited(attached, "pause_max_ms") > call_ms / 2, attached
    assert waited(attached, "pause_p50_ms") > call_ms / 8, attached
    # Detached, a collection need not wait for the call: its typical pause is about its own
    # time. The median, not the longest: one host stall (200 ms) lengthens one collection,
    # and a CI run on a bad hour read a detached longest pause 10 ms over (calls of 19 ms).
    assert waited(detached, "pause_p50_ms") < call_ms / 4, detached


@needs_gil
def test_with_a_gil_the_cli_run_names_hold_and_release(tmp_path):
    # The same run as above, on a GIL build: the modes keep their GIL words, and the summary
    # says what a collection waits for here (the GIL), and what this run's pauses did.
    rows = run_cli_next_to_8_ms_calls(tmp_path / "run", max_wait_s=10)
    assert {mode: row["meaning"] for mode, row in rows.items()} == {"python-hold": "hold", "python-release": "release"}
    assert all(int(row["collections"]) >= 4 and float(row["per_call_us"]) > 0 for row in rows.values()), rows
    summary = (tmp_path / "run" / "summary.md").read_text()
    assert "(GIL on)" in summary and "With a GIL, a collection stops no other thread" in summary
    assert flatness_claims(summary) == flatness_of(rows.values()), summary
    assert "| python-hold (hold) | 30000000 |" in summary and "| python-release (release) | 30000000 |" in summary


def test_collections_last_long_enough_and_gap_by_up_to_one_call():
    now = [0.0]
    slept = []

    def collect():
        now[0] += 0.001

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    pauses = gc_pause.collections(0.01, 3, 0.002, random.Random(1), clock=lambda: now[0], collect=collect, sleep=sleep)
    assert all(p == pytest.approx(0.001) for p in pauses) and len(pauses) >= 3 and now[0] >= 0.01
    assert all(gc_pause.GAP_FLOOR_S <= s <= gc_pause.GAP_FLOOR_S + 0.002 for s in slept)
    assert len(gc_pause.collections(0.0, 5, 0.0, random.Random(1), clock=lambda: now[0], collect=collect,
                                    sleep=sleep)) == 5


def trial(point, loaded_ms, alone_ms, capacity_ok=True):
    def phase(ms):
        return {"p50_s": ms / 1e3, "p90_s": ms / 1e3, "max_s": 2 * ms / 1e3, "count": 10}
    return {"point": point, "trial": 0, "alone": phase(alone_ms), "loaded": phase(loaded_ms), "capacity_ok": capacity_ok}


def test_the_analysis_leaves_out_trials_on_too_few_cores():
    document = {"machine": {"gil_enabled": False, "free_threaded_build": True},
                "points": [{"id": 0, "mode": "python-hold", "workload": "churn", "knob": 10, "call_s": 0.004}],
                "trials": [trial(0, 2.0, 0.5), trial(0, 4.0, 0.5), trial(0, 90.0, 0.5, capacity_ok=False)]}
    row, = gc_report.analyze(document)
    assert (row.meaning, row.per_call_us, row.pause_p50_ms, row.longest_ms) == ("attached", 4000.0, 3.0, 8.0)
    assert (row.clean, row.flagged, row.collections, row.alone_p50_ms) == (2, 1, 20, 0.5)


#: The published GC-pause runs, each summary beside its CSV.
PUBLISHED = sorted(pathlib.Path(__file__).resolve().parents[3].glob("docs/data/gc-pause-*/gc-pause.csv"))
CLAIM = re.compile(r"(python-[\w-]+|ctypes|pure-python)(?: \([\w-]+\))? (stays flat|does not stay flat)")


def flatness_claims(summary):
    """{mode: True where the summary says it stays flat, False where it says it does not}."""
    return {mode: words == "stays flat" for mode, words in CLAIM.findall(summary)}


def flatness_of(csv_rows):
    """{mode: whether every median pause next to the load is under FLAT_RATIO times the one alone},
    from the CSV's columns, not from the report's code."""
    flat = {}
    for row in csv_rows:
        within = float(row["pause_p50_ms"]) < gc_report.FLAT_RATIO * float(row["alone_p50_ms"])
        flat[row["mode"]] = flat.get(row["mode"], True) and within
    return flat


def test_a_summary_calls_a_mode_flat_only_where_its_numbers_are():
    def point(index, mode, knob):
        return {"id": index, "mode": mode, "workload": "churn", "knob": knob, "call_s": knob * 1e-9}
    points = [point(0, "python-hold", 10**6), point(1, "python-hold", 10**8),
              point(2, "python-release", 10**6), point(3, "python-release", 10**8)]
    document = {"machine": {"gil_enabled": True}, "points": points,
                "config": {"workers": 1, "workload": "churn", "phase_s": 0.3, "min_collections": 20, "repeats": 1},
                "trials": [trial(0, 3.2, 3.0), trial(1, 54.0, 3.0), trial(2, 3.1, 3.0), trial(3, 3.3, 3.0)]}
    summary = gc_report.summary_markdown(gc_report.analyze(document), document)
    assert flatness_claims(summary) == {"python-hold": False, "python-release": True}, summary
    assert "python-hold (hold) does not stay flat, up to 18x (54.0 ms against 3.00 ms alone" in summary
    assert "python-hold's median pause is up to 16.4x python-release's at the same knob (100000000" in summary
    assert "should stay flat" not in summary and "never waits" not in summary
    # The same pauses just under the rule's ratio: both flat, and the summary says so.
    document["trials"][1] = trial(1, 3.0 * gc_report.FLAT_RATIO * 0.99, 3.0)
    summary = gc_report.summary_markdown(gc_report.analyze(document), document)
    assert flatness_claims(summary) == {"python-hold": True, "python-release": True}, summary


@pytest.mark.parametrize("table", PUBLISHED, ids=lambda path: path.parent.name)
def test_a_published_summary_claims_no_flatness_its_numbers_contradict(table):
    with open(table, newline="") as source:
        rows = list(csv.DictReader(source))
    summary = (table.parent / "summary.md").read_text()
    assert flatness_claims(summary) == flatness_of(rows), summary.split("\n\n")[1]


def test_the_published_runs_are_there_to_check():
    assert {path.parent.name for path in PUBLISHED} >= {"gc-pause-gil", "gc-pause-nogil"}


@pytest.mark.parametrize("args, message", [
    (["gc-pause", "--modes", "processes"], "unknown mode 'processes'"),
    (["gc-pause", "--knobs", "0"], "expected comma-separated positive integers"),
    (["gc-pause", "--knobs", "99999999999999"], "churn knobs must be between 1 and"),
    (["gc-pause", "--max-wait", "-1"], "--max-wait cannot be negative"),
    (["plot", "/nonexistent-gc", "--out", "/tmp/x"], "--out goes with two folders"),
])
def test_bad_input_gives_one_line(args, message):
    done = run_cli(*args)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_a_folder_of_another_kind_is_refused(tmp_path):
    (tmp_path / gc_report.JSON_NAME).write_text(json.dumps({"kind": "latency"}))
    with pytest.raises(ResultsError, match="is not a GC-pause run"):
        gc_report.load(str(tmp_path))
    done = run_cli("plot", str(tmp_path))
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "is not a GC-pause run" in done.stderr
