"""The sweep: one schema for Python and Swift rows, the outputs, bad options, Ctrl-C."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from gilsweep import cli, report, results, swift_runner
from gilsweep.schema import COLUMNS, MODES, Row
from gilsweep.stats import quantile

SWIFT = swift_runner.find_binary()
needs_swift = pytest.mark.skipif(SWIFT is None, reason="gilsweep-swift is not built")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "gilsweep", *args], capture_output=True, text=True, timeout=300)


@needs_swift
def test_python_and_swift_rows_share_one_schema_and_plot_renders_both(tmp_path):
    out = tmp_path / "run"
    done = run_cli("sweep", "--kernel", "churn", "--knobs", "10,30000", "--repeats", "1", "--quick", "--threads", "2",
                   "--modes", "python-hold,python-release,ctypes,swift-threads", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with open(out / "sweep.csv", newline="") as source:
        reader = csv.DictReader(source)
        assert tuple(reader.fieldnames) == COLUMNS
        rows = [Row.from_strings(record) for record in reader]
    assert {row.runtime for row in rows} == {"python", "swift"}
    assert {row.mode for row in rows} == {"python-hold", "python-release", "ctypes", "swift-threads"}
    assert len(rows) == 8 and all(row.speedup > 0 and row.calls >= 1 and row.per_call_us > 0 for row in rows)
    # Swift's own CSV header, straight from the binary, is the same schema.
    swift_csv = subprocess.run([SWIFT, "sweep", "--knobs", "10", "--repeats", "1", "--target-seconds", "0.005",
                                "--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert tuple(next(csv.reader(io.StringIO(swift_csv)))) == COLUMNS
    document = json.loads((out / "sweep.json").read_text())
    assert document["complete"] is True and document["columns"] == list(COLUMNS)
    for key in ("cpu_model", "cores", "python_version", "python_build", "gil_enabled", "swift_version", "started",
                "command_line"):
        assert key in document["machine"]
    for name in ("sweep.png", "sweep.svg", "summary.md"):
        assert (out / name).stat().st_size > 1000, name
    # plot re-renders from saved data, both runtimes in one figure
    for name in ("sweep.png", "sweep.svg", "summary.md"):
        (out / name).unlink()
    assert run_cli("plot", str(out)).returncode == 0
    assert (out / "sweep.png").exists() and "swift-threads" in (out / "sweep.svg").read_text()
    assert "| swift-threads |" in (out / "summary.md").read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["sweep", "--modes", "python-hold,telepathy"], "unknown mode 'telepathy'; valid modes: python-hold"),
        (["sweep", "--kernel", "fft"], "argument --kernel: invalid choice: 'fft'"),
        (["sweep", "--threads", "0"], "expected comma-separated positive integers"),
        (["sweep", "--repeats", "0"], "--repeats must be at least 1"),
        (["sweep", "--out", "/proc/no/such/place"], "cannot write results to /proc/no/such/place"),
        (["sweep", "--swift", "/nonexistent/gilsweep-swift"], "is not an executable file"),
        (["sweep", "--kernel", "all", "--knobs", "5"], "--knobs needs a single --kernel"),
        (["plot", "/nonexistent-results"], "no sweep.json or sweep.csv in /nonexistent-results"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_options_give_one_clear_line(args, message):
    done = run_cli(*args)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0]


def test_ctrl_c_keeps_finished_rows_and_marks_the_summary_partial(tmp_path):
    out = tmp_path / "interrupted"
    # Its own process group, signalled as a whole, as a terminal's Ctrl-C is
    # (the process-pool workers get the SIGINT too).
    child = subprocess.Popen(
        [sys.executable, "-m", "gilsweep", "sweep", "--kernel", "churn", "--repeats", "1", "--quick",
         "--modes", "python-hold,python-release,processes", "--threads", "2", "--out", str(out),
         "--knobs", ",".join(["10"] * 3 + ["3000000"] * 40)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for the first rows
        if (out / "sweep.csv").exists() and len((out / "sweep.csv").read_text().splitlines()) >= 4:
            break
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "interrupted; keeping the rows measured so far" in stderr
    document = json.loads((out / "sweep.json").read_text())
    assert document["complete"] is False and len(document["rows"]) >= 3
    assert len((out / "sweep.csv").read_text().splitlines()) == len(document["rows"]) + 1
    assert "**Partial**" in (out / "summary.md").read_text()
    assert "Traceback" not in stderr


def test_a_missing_swift_binary_skips_swift_threads_with_one_warning(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "GILSWEEP_SWIFT"}
    env["PATH"] = os.path.dirname(sys.executable)  # no gilsweep-swift on PATH
    done = subprocess.run(
        [sys.executable, "-m", "gilsweep", "sweep", "--knobs", "10,100", "--repeats", "1", "--quick",
         "--modes", "python-hold,swift-threads", "--threads", "2", "--out", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)  # no .build above tmp_path
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "gilsweep-swift not found" in warnings[0]
    rows = json.loads((tmp_path / "r" / "sweep.json").read_text())["rows"]
    assert {row["mode"] for row in rows} == {"python-hold"}


def test_progress_goes_to_stderr_and_never_into_the_data(tmp_path):
    out = tmp_path / "quiet"
    done = run_cli("sweep", "--knobs", "10", "--repeats", "1", "--quick", "--modes", "python-hold",
                   "--threads", "2", "--out", str(out))
    assert done.returncode == 0
    assert "[" in done.stderr and "1/1" in done.stderr
    assert "1/1" not in (out / "sweep.csv").read_text()


def row(mode, knob, per_call, speedup):
    return Row("python", mode, "churn", knob, 2, 10, per_call, 1.0, 1.0, speedup, speedup, speedup, 5)


def test_crossovers_interpolate_in_log_work():
    series = [row("python-release", 1, 1.0, 0.5), row("python-release", 2, 10.0, 1.0), row("python-release", 3, 100.0, 2.0)]
    ceiling = [row("swift-threads", k, 0.1, 2.0) for k in (1, 2, 3)]
    (at_target, sustained), (at_ceiling, _) = report.crossovers(series, ceiling)
    assert sustained and at_target == pytest.approx(10 ** 1.5)  # halfway between 1.0x at 10 µs and 2.0x at 100 µs
    assert at_ceiling == pytest.approx(10 ** 1.8)  # 90% of 2.0 = 1.8x
    assert report.crossing([(1.0, 0.3), (2.0, 0.4)], 1.5) == (None, False)
    assert report.crossing([(5.0, 1.7)], 1.5) == (5.0, True)


def test_a_noisy_point_cannot_fake_a_crossover():
    points = [(1.0, 1.6), (10.0, 1.0), (100.0, 1.4), (1000.0, 1.8)]
    x, sustained = report.crossing(points, 1.5)
    assert sustained and x == pytest.approx(10 ** 2.25)  # from the last rise, not the first blip
    x, sustained = report.crossing([(1.0, 1.0), (10.0, 1.6), (100.0, 1.4)], 1.5)
    assert not sustained and 1.0 < x < 10.0
    assert "(not sustained)" in report.fmt_crossing((x, sustained))


def test_summary_names_every_crossover():
    rows = [row("python-release", k, 10.0**k, s) for k, s in ((0, 0.4), (1, 1.2), (2, 1.9))]
    rows += [row("swift-threads", k, 10.0**k / 5, 1.95) for k in (0, 1, 2)]
    text = report.summary_markdown(rows, {}, True)
    assert "| python-release |" in text and "reaches 1.5x at" in text and "(the ceiling)" in text
    assert "**Partial**" in report.summary_markdown(rows, {}, False)


def test_quantiles():
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([5.0], 0.25) == 5.0
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_results_load_falls_back_to_csv(tmp_path):
    folder = results.ResultsFolder(str(tmp_path / "r"), {"cpu_model": "test"})
    folder.add(row("python-hold", 1, 0.1, 0.9))
    folder.finish(True)
    os.remove(tmp_path / "r" / "sweep.json")
    rows, metadata, complete = results.load(str(tmp_path / "r"))
    assert rows == [row("python-hold", 1, 0.1, 0.9)] and not complete


def test_every_mode_is_known_to_the_cli():
    assert set(MODES) == set(cli.parser().parse_args(["sweep"]).modes)


def test_calibrate_knee_is_where_release_stays_ahead():
    from gilsweep.calibrate import knee

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
    assert run_cli("calibrate", "--kernel", "all", "--knobs", "5").returncode == 1
