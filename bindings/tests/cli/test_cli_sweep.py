"""`gilsweep sweep|plot|compare` as a user runs them: outputs, Ctrl-C, a missing
Swift binary, progress on stderr."""
import csv
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from gilsweep.sweep.schema import COLUMNS, FORMAT_VERSION, TIMELINE_KEYS, Row
from helpers import default_sigint, needs_swift, run_cli


@needs_swift
def test_a_sweep_writes_raw_windows_and_plot_recomputes_the_same_rows(tmp_path):
    out = tmp_path / "run"
    done = run_cli("sweep", "--workload", "churn", "--knobs", "10,30000", "--quick", "--threads", "2", "--max-wait", "0",
                   "--modes", "python-hold,python-release,swift-threads", "--seed", "42", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with open(out / "sweep.csv", newline="") as source:
        reader = csv.DictReader(source)
        assert tuple(reader.fieldnames) == COLUMNS
        rows = [Row.from_strings(record) for record in reader]
    # Rows need a clean trial; on a noisy machine a point may have none, but never a wrong one.
    assert {row.runtime for row in rows} <= {"python", "swift"}
    assert all(row.ci_lo <= row.speedup <= row.ci_hi and row.clean + row.stalled == row.repeats for row in rows)
    document = json.loads((out / "sweep.json").read_text())
    assert {point["runtime"] for point in document["points"]} == {"python", "swift"}
    assert document["format_version"] == FORMAT_VERSION and document["complete"] is True and document["seed"] == 42
    assert document["machine"]["swift_version"].startswith("gilsweep-swift ")
    # 6 points x (1 warm-up + 5 rounds, + re-queues) x 2 windows, each with its order and start time
    assert len(document["windows"]) >= 6 * 6 * 2
    # A reading before and one after each trial or, once the machine has been steady, one per block
    # of trials, carrying the order of the block's last trial: never more than two a trial (a reading
    # that stood before the next trial is not recorded twice), and no trial without a reading after it.
    orders = {w["order"] for w in document["windows"]}
    after = [c["order"] for c in document["canaries"] if c["when"] == "after"]
    assert len(document["canaries"]) <= len(document["windows"]) and set(after) <= orders
    assert max(after) == max(orders) and len(after) == len(set(after))
    summary = (out / "summary.md").read_text()
    assert "Noise:" in summary and "| swift-threads |" in summary and "Every point" in summary
    # The verdict opens the summary and closes the output; the weather is in sweep.json and the plot.
    word = summary.split("**")[1]
    assert word in ("trustworthy", "untrustworthy") and document["verdict"]["word"] == word
    assert done.stdout.strip().splitlines()[-1].startswith(word + ": ")
    assert "gilsweep: a quiet hour" in done.stderr or "gilsweep: a bad hour" in done.stderr \
        or "gilsweep: untrustworthy so far" in done.stderr
    assert document["forecast"]["readings"] >= 2 and {r["phase"] for r in document["timeline"]} >= {"forecast", "before", "after"}
    assert all(set(r) == set(TIMELINE_KEYS) for r in document["timeline"])
    before = (out / "sweep.csv").read_text()
    for name in ("sweep.png", "sweep.svg", "summary.md", "sweep.csv"):
        (out / name).unlink(missing_ok=True)  # no plot where matplotlib is missing
    assert run_cli("plot", str(out)).returncode == 0
    assert (out / "sweep.csv").read_text() == before  # recomputed from the raw windows, bootstrap included
    if importlib.util.find_spec("matplotlib"):  # where it does not install: no plot, a warning (below)
        svg = (out / "sweep.svg").read_text()
        assert (out / "sweep.png").stat().st_size > 1000 and "swift-threads" in svg and "the machine: cores delivered" in svg
        assert word.upper() + ": " in svg  # the title
    compared = run_cli("compare", str(out), str(out))
    assert compared.returncode == 0 and compared.stdout.strip().splitlines()[-1].startswith("the runs agree")
    assert compared.stdout.splitlines()[0].startswith(("trustworthy: both runs are", "untrustworthy: neither run"))


def test_ctrl_c_keeps_every_window_and_marks_the_summary_partial(tmp_path):
    out = tmp_path / "interrupted"
    # Its own process group, signalled as a whole, as a terminal's Ctrl-C is
    # (the process-pool workers get the SIGINT too).
    child = subprocess.Popen(
        [sys.executable, "-m", "gilsweep", "sweep", "--kernel", "churn", "--repeats", "50", "--quick", "--max-wait", "0",
         "--modes", "python-hold,python-release,processes", "--threads", "2", "--out", str(out), "--knobs", "10,300000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=default_sigint)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait for a few saved rounds
        try:
            if len(json.loads((out / "sweep.json").read_text())["windows"]) >= 6 * 2 * 3:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    os.killpg(child.pid, signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "interrupted; kept every window measured so far" in stderr
    document = json.loads((out / "sweep.json").read_text())
    assert document["complete"] is False and len(document["windows"]) >= 6 * 2 * 2
    assert len((out / "sweep.csv").read_text().splitlines()) == len(document["rows"]) + 1
    assert "**Partial**" in (out / "summary.md").read_text()
    assert "Traceback" not in stderr


def test_a_missing_swift_binary_skips_swift_threads_with_one_warning(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "GILSWEEP_SWIFT"}
    env["PATH"] = os.path.dirname(sys.executable)  # no gilsweep-swift on PATH
    done = run_cli("sweep", "--knobs", "10,100", "--quick", "--max-wait", "0", "--modes", "python-hold,swift-threads",
                   "--threads", "2", "--out", str(tmp_path / "r"), cwd=tmp_path, env=env)  # no .build above tmp_path
    assert done.returncode == 0, done.stderr
    # Where matplotlib does not install (a new interpreter without its wheels), "no plot" is a warning of its own.
    warnings = [line for line in done.stderr.splitlines() if "warning" in line and "matplotlib" not in line]
    assert len(warnings) == 1 and "gilsweep-swift not found" in warnings[0]
    points = json.loads((tmp_path / "r" / "sweep.json").read_text())["points"]
    assert {point["mode"] for point in points} == {"python-hold"}


def test_progress_goes_to_stderr_and_never_into_the_data(tmp_path):
    out = tmp_path / "quiet"
    done = run_cli("sweep", "--knobs", "10", "--quick", "--max-wait", "0", "--modes", "python-hold",
                   "--threads", "2", "--out", str(out))
    assert done.returncode == 0
    assert re.search(r"\] \d+/\d+ ", done.stderr)
    assert "/6 " not in (out / "sweep.csv").read_text()


def test_full_takes_its_settings_and_a_time_budget_stops_the_run_and_says_so(tmp_path):
    # --full's windows are 300 ms and its budget an hour; --time-budget 7 overrides the budget,
    # so the run stops a little past it, after the forecast and a few trials, and says what it left.
    out = tmp_path / "full"
    done = run_cli("sweep", "--full", "--time-budget", "7", "--workload", "churn", "--knobs", "10,1000", "--modes",
                   "python-hold,python-release", "--threads", "2", "--max-wait", "0", "--seed", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    document = json.loads((out / "sweep.json").read_text())
    config = document["config"]
    assert (config["repeats"], config["target_seconds"], config["max_time_s"]) == (8, 0.3, 14400.0)
    assert config["time_budget_s"] == 7.0
    budget = document["budget"]
    # A host stall only makes the run later: it stops past its budget, within the hard cap.
    assert 7.0 <= budget["stopped_s"] < 7.0 * config["hard_cap_factor"] and budget["units_skipped"] > 0, budget
    assert f"with {budget['units_skipped']} planned trials not measured" in (out / "summary.md").read_text()


@pytest.mark.slow  # three Dask clusters start and stop: about ten seconds
def test_dask_adds_the_dask_modes_and_their_time(tmp_path):
    pytest.importorskip("distributed", reason='the [dask] extra is not installed (pip install "./bindings[dask]")')
    out = tmp_path / "dask"
    done = run_cli("sweep", "--dask", "--quick", "--workload", "churn", "--knobs", "10000000", "--modes",
                   "python-release", "--threads", "2", "--max-wait", "0", "--repeats", "2", "--seed", "1",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    document = json.loads((out / "sweep.json").read_text())
    dask_modes = ["dask-threads", "dask-threads-hold", "dask-processes"]
    # --quick's budget (80 s) grows by the 150 s --dask's help names; 10^7 is a knob only the Dask modes need.
    assert document["config"]["modes"] == ["python-release", *dask_modes] and document["config"]["time_budget_s"] == 230
    assert sorted(point["mode"] for point in document["points"]) == sorted(dask_modes)
    # A row needs a clean trial, which a noisy minute may deny a point; every row is a Dask mode's.
    with open(out / "sweep.csv", newline="") as source:
        rows = [row["mode"] for row in csv.DictReader(source)]
    summary = (out / "summary.md").read_text()
    assert rows and set(rows) <= set(dask_modes) and all(f"| {mode} |" in summary for mode in rows)
