"""A latency run end to end (small), its folder re-rendered by `plot` and read by
`compare`, its analysis on made-up trials, and bad input on the command line."""
import csv
import json
import os
import shutil

import pytest

from gilsweep.cli import main
from gilsweep.core.metadata import ResultsError
from gilsweep.core.stats import median
from gilsweep.latency import analysis, report, run
from helpers import GIL, run_cli

#: The small run the module's tests share (conftest.py's small_run). A switch interval other
#: than the interpreter's default (5 ms), so that the run changes the process's interval and
#: the restore check below can fail.
SMALL_RUN = (run.run_latency, run.LatencyConfig(modes=("python-hold", "python-release"), knobs=(10, 100_000),
                                                 repeats=2, phase_s=0.05, seed=3, max_wait_s=5,
                                                 switch_intervals=(0.002,)))


def test_a_small_run_writes_its_folder(small_run):
    out, document, paths = small_run
    assert {os.path.basename(p) for p in paths} >= {"latency.json", "latency.csv", "summary.md"}
    assert document["complete"] and len(document["points"]) == 4 and len(document["trials"]) == 8
    assert all({"alone", "loaded", "capacity_ok"} <= set(trial) for trial in document["trials"])
    with open(os.path.join(out, "latency.csv")) as source:
        rows = list(csv.DictReader(source))
    assert len(rows) == 4 and tuple(rows[0]) == analysis.COLUMNS
    assert document["timeline"], "every canary reading is kept"
    summary = open(os.path.join(out, "summary.md")).read()
    assert "python-hold" in summary and "Switch interval 2 ms" in summary


def test_the_switch_interval_is_restored_after_a_run(small_run):
    import sys

    assert small_run[1]["points"][0]["switch_s"] == pytest.approx(0.002)  # the run did change it
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_plot_re_renders_and_compare_reads_a_latency_folder(small_run, capsys):
    out = small_run[0]
    os.remove(os.path.join(out, "latency.csv"))
    assert main(["plot", out]) == 0
    assert os.path.exists(os.path.join(out, "latency.csv"))
    # Against a copy whose one point the victim's I/O and lateness moved at: that point, and only it, moved.
    other = out + "-moved"
    shutil.copytree(out, other)
    document = json.loads(open(os.path.join(other, "latency.json")).read())
    moved = [t for t in document["trials"] if t["point"] == document["points"][0]["id"]]
    ratio = 1.0 if median([t["loaded"]["io_rate"] / t["alone"]["io_rate"] for t in moved]) < 0.5 else 0.01
    for record in moved:
        record["loaded"]["io_rate"] = record["alone"]["io_rate"] * ratio
        record["loaded"]["late_p50_s"] = record["loaded"]["late_p50_s"] * 10 + 0.01
    with open(os.path.join(other, "latency.json"), "w") as target:
        json.dump(document, target)
    assert main(["compare", out, other]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("1 of 4 points (25%) moved") and "; 1 of 4 moved by more than a fifth in its median" in last


def test_a_damaged_latency_file_is_one_line_of_error(tmp_path, capsys):
    (tmp_path / "latency.json").write_text("{not json")
    assert main(["plot", str(tmp_path)]) == 1
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "latency.json").write_text(json.dumps({"kind": "latency", "format_version": 99}))
    with pytest.raises(ResultsError, match="format_version"):
        report.load(str(tmp_path))


def trial(point, alone_rate, loaded_rate, stalled=False, capacity_ok=True):
    def phase(rate, late):
        return {"late_p50_s": late, "late_p90_s": 2 * late, "late_max_s": 3 * late, "late_units": 10,
                                    "trip_p50_s": 1 / rate, "trip_p90_s": 2 / rate, "trips": 10, "io_rate": rate,
                                    "stalled": False}
    record = {"point": point, "trial": 0, "alone": phase(alone_rate, 1e-4), "loaded": phase(loaded_rate, 5e-3),
              "capacity_ok": capacity_ok}
    record["loaded"]["stalled"] = stalled
    return record


def test_the_analysis_takes_medians_over_clean_trials_and_leaves_flagged_ones_out():
    points = [{"id": 0, "mode": "pure-python", "workload": "churn", "knob": 10, "switch_s": 0.005, "call_s": 1e-6}]
    trials = [trial(0, 40_000, 400), trial(0, 40_000, 800), trial(0, 40_000, 600),
              trial(0, 40_000, 40_000, stalled=True), trial(0, 40_000, 40_000, capacity_ok=False)]
    (row,) = analysis.analyze(points, trials)
    assert row.io_ratio == pytest.approx(0.015) and row.clean == 3 and row.flagged == 2 and not row.unstable
    assert row.late_p50_ms == pytest.approx(5.0) and row.late_ratio == pytest.approx(50.0)


def test_too_few_clean_trials_make_a_point_unstable():
    points = [{"id": 0, "mode": "python-hold", "workload": "churn", "knob": 10, "switch_s": 0.005, "call_s": 1e-6}]
    (row,) = analysis.analyze(points, [trial(0, 40_000, 400), trial(0, 40_000, 400, stalled=True)])
    assert row.unstable and row.clean == 1


def test_a_stalled_phase_is_one_the_load_cannot_explain():
    quiet = run.phase_record([1e-4] * 10, [2e-5] * 10, switch_s=0.005, call_s=0.01)
    stalled = run.phase_record([1e-4] * 9 + [0.2], [2e-5] * 10, switch_s=0.005, call_s=0.01)
    assert not quiet["stalled"] and stalled["stalled"]
    assert quiet["io_rate"] == pytest.approx(50_000)


@pytest.mark.parametrize("argv, message", [
    (["latency", "--modes", "swift-threads"], "unknown mode 'swift-threads'"),
    (["latency", "--switch-interval", "0"], "each switch interval must be"),
    (["latency", "--switch-interval", "five"], "expected comma-separated milliseconds"),
    (["latency", "--knobs", "2000000000"], "churn"),
    (["latency", "--workers", "0"], "workers"),
    (["latency", "--max-wait", "-1"], "--max-wait cannot be negative"),
])
def test_bad_options_are_one_line_of_error(argv, message, capsys):
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own refusals
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_callable_is_a_load_too(tmp_path, capsys):
    """time.sleep releases the GIL: next to it the victim keeps its pace; the
    processes mode resolves the callable again in each worker process."""
    out = str(tmp_path / "sleep")
    assert main(["latency", "--callable", "time:sleep", "--arg", "n / 1e6", "--knobs", "200", "--repeats", "3",
                 "--quick", "--max-wait", "0", "--seed", "5", "--out", out]) == 0
    document = report.load(out)
    assert {p["mode"] for p in document["points"]} == {"threads", "processes"}
    assert document["config"]["foreign"] == {"target": "time:sleep", "arg": "n / 1e6"}
    # Per mode, the median of its trials: one 200 ms host stall can fill a whole 0.1 s phase.
    for mode in ("threads", "processes"):
        ids = {p["id"] for p in document["points"] if p["mode"] == mode}
        assert median([t["loaded"]["late_p50_s"] for t in document["trials"] if t["point"] in ids]) < 0.005


def test_a_kernel_load_of_two_workers_at_two_switch_intervals(tmp_path):
    """`gilsweep latency` as a user runs it, on a kernel workload: every (mode, interval)
    point, and next to two threads holding the GIL the victim waits about an interval."""
    out = tmp_path / "run"
    done = run_cli("latency", "--workload", "churn", "--knobs", "100000", "--switch-interval", "1,10", "--workers",
                   "2", "--modes", "python-hold,python-release", "--repeats", "2", "--quick", "--max-wait", "5",
                   "--seed", "3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    document = report.load(str(out))
    assert document["config"]["workers"] == 2 and document["config"]["switch_intervals"] == [0.001, 0.01]
    with open(out / "latency.csv") as source:
        rows = {(r["mode"], float(r["switch_ms"])): r for r in csv.DictReader(source)}
    assert set(rows) == {(mode, ms) for mode in ("python-hold", "python-release") for ms in (1.0, 10.0)}
    summary = (out / "summary.md").read_text()
    assert "## Switch interval 1 ms" in summary and "## Switch interval 10 ms" in summary
    if GIL:  # a host stall only makes the victim later, so the bound is a floor: half an interval
        assert float(rows[("python-hold", 10.0)]["late_p50_ms"]) > 5, rows[("python-hold", 10.0)]


@pytest.mark.parametrize("argv, message", [
    (["latency", "--callable", "time:sleep"], "--callable and --arg go together"),
    (["latency", "--callable", "time:sleep", "--arg", "n / 1e6"], "give --knobs"),
    (["latency", "--callable", "time:nosuch", "--arg", "n", "--knobs", "1"], "nosuch"),
    (["latency", "--callable", "time:sleep", "--arg", "n", "--knobs", "1", "--modes", "python-hold"], "for a callable"),
])
def test_a_callable_with_bad_options_is_one_line_of_error(argv, message, capsys):
    assert main(argv) in (1, 2)
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
