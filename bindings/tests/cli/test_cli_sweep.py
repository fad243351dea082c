"""`gilsweep sweep|plot|compare|calibrate` as a user runs them: outputs, bad
options, Ctrl-C, a missing Swift binary, help texts that match the code."""
import csv
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import pytest

from gilsweep import cli, sweep
from gilsweep.sweep import report
from gilsweep.sweep.schema import COLUMNS, FORMAT_VERSION, Row
from conftest import default_sigint

SWIFT = sweep.find_binary()
needs_swift = pytest.mark.skipif(SWIFT is None, reason="gilsweep-swift is not built")
PACKAGE = pathlib.Path(sweep.__file__).resolve().parents[1]


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "gilsweep", *args], capture_output=True, text=True, timeout=300,
                          **kwargs)


@needs_swift
def test_a_sweep_writes_raw_windows_and_plot_recomputes_the_same_rows(tmp_path):
    out = tmp_path / "run"
    done = run_cli("sweep", "--kernel", "churn", "--knobs", "10,30000", "--quick", "--threads", "2", "--max-wait", "0",
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
    assert len(document["canaries"]) == len(document["windows"])  # one before and one after each unit
    summary = (out / "summary.md").read_text()
    assert "Noise:" in summary and "| swift-threads |" in summary and "Every point" in summary
    before = (out / "sweep.csv").read_text()
    for name in ("sweep.png", "sweep.svg", "summary.md", "sweep.csv"):
        (out / name).unlink()
    assert run_cli("plot", str(out)).returncode == 0
    assert (out / "sweep.csv").read_text() == before  # recomputed from the raw windows, bootstrap included
    assert (out / "sweep.png").stat().st_size > 1000 and "swift-threads" in (out / "sweep.svg").read_text()
    compared = run_cli("compare", str(out), str(out))
    assert compared.returncode == 0 and compared.stdout.strip().splitlines()[-1].startswith("the runs agree")


@pytest.mark.parametrize(
    "args, message",
    [
        (["sweep", "--modes", "python-hold,telepathy"], "unknown mode 'telepathy'; valid modes: python-hold"),
        (["sweep", "--kernel", "fft"], "argument --kernel: invalid choice: 'fft'"),
        (["sweep", "--threads", "0"], "expected comma-separated positive integers"),
        (["sweep", "--repeats", "0"], "must be at least 1"),
        (["sweep", "--max-wait", "-1"], "--max-wait must be between 0 and 600"),
        (["sweep", "--out", "/proc/no/such/place"], "cannot write results to /proc/no/such/place"),
        (["sweep", "--swift", "/nonexistent/gilsweep-swift"], "is not an executable file"),
        (["sweep", "--kernel", "all", "--knobs", "5"], "--knobs needs a single --kernel"),
        (["plot", "/nonexistent-results"], "no sweep.json in /nonexistent-results"),
        (["compare", "/nonexistent-a", "/nonexistent-b"], "no sweep.json in /nonexistent-a"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_options_give_one_clear_line(args, message):
    done = run_cli(*args)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0]


def test_an_old_results_folder_is_refused_with_a_reason(tmp_path):
    (tmp_path / "sweep.json").write_text(json.dumps({"complete": True, "rows": []}))
    done = run_cli("plot", str(tmp_path))
    assert done.returncode == 1 and "format_version None" in done.stderr and len(done.stderr.splitlines()) == 1


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
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
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


def test_every_default_shown_in_help_matches_the_code():
    text = " ".join(cli.parser()._subparsers._group_actions[0].choices["sweep"].format_help().split())
    default, quick, full = (sweep.PRESETS[name] for name in ("default", "quick", "full"))
    assert f"(default {default.repeats}; --quick {quick.repeats}, --full {full.repeats})" in text
    assert f"{quick.repeats} rounds of {quick.target_seconds * 1000:.0f} ms windows" in text
    assert f"(default {sweep.engine.CAPACITY_WAIT_SECONDS}; 0: never wait)" in text
    assert set(sweep.MODES) == set(cli.parser().parse_args(["sweep"]).modes)


def test_only_the_cli_exits():
    offenders = [path.name for path in PACKAGE.rglob("*.py")
                 if path.name not in ("cli.py", "__main__.py") and "SystemExit" in path.read_text()]
    assert offenders == []


# ------------------------------------------------------- crossovers, report

def row(mode, knob, per_call, speedup):
    return Row("python", mode, "churn", knob, 2, 10, per_call, 1.0, 1.0, speedup, speedup, speedup, 5,
               speedup - 0.05, speedup + 0.05, 5, 0)


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
    text = report.summary_markdown(rows, {}, True, unstable={("churn", "python-release", 1, 2)})
    assert "| python-release |" in text and "reaches 1.5x at" in text and "(the ceiling)" in text
    assert "1.20x [1.15, 1.25] ~ at" in text and "1.90x [1.85, 1.95] at" in text
    assert "**Partial**" in report.summary_markdown(rows, {}, False)


def test_calibrate_knee_is_where_release_stays_ahead():
    from gilsweep.sweep.calibrate import knee

    def pair(knob, hold, release):
        return [row("python-hold", knob, 1.0, hold), row("python-release", knob, 1.0, release)]

    rows = pair(10, 1.0, 0.6) + pair(100, 0.98, 1.1) + pair(1000, 0.97, 0.9) + pair(10000, 0.99, 1.5) + pair(100000, 1.0, 1.8)
    assert knee(rows) == 10000  # the blip at 100 does not count: release falls back at 1000
    assert knee(pair(10, 1.0, 0.5) + pair(20, 1.0, 0.9)) is None  # never catches up
    assert knee(pair(10, 0.7, 0.8)) is None  # ahead of hold but slower than one thread


def test_calibrate_command_prints_a_threshold_table():
    done = run_cli("calibrate", "--kernel", "churn", "--knobs", "10,3000000", "--repeats", "1")
    assert done.returncode == 0, done.stderr
    assert "| churn | churn | 3000 |" in done.stdout
    assert run_cli("calibrate", "--kernel", "all", "--knobs", "5").returncode == 2
