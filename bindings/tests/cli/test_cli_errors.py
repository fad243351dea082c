"""Bad options and unreadable results folders give one clear line and an exit
code; only the CLI turns errors into exits."""
import json
import pathlib

import pytest

from gilsweep import sweep
from helpers import run_cli

PACKAGE = pathlib.Path(sweep.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["sweep", "--modes", "python-hold,telepathy"], "unknown mode 'telepathy'; valid modes: python-hold"),
        (["sweep", "--kernel", "fft"], "argument --workload/--kernel: invalid choice: 'fft'"),
        (["sweep", "--threads", "0"], "expected comma-separated positive integers"),
        (["sweep", "--repeats", "0"], "must be at least 1"),
        (["sweep", "--max-wait", "-1"], "--max-wait must be between 0 and 86400"),
        (["sweep", "--max-wait", "1e6"], "--max-wait must be between 0 and 86400"),
        (["sweep", "--handoff-wait", "-1"], "--handoff-wait must be between 0 and 86400"),
        (["sweep", "--handoff-wait", "nan"], "--handoff-wait must be between 0 and 86400"),
        (["sweep", "--max-time", "10"], "--max-time must be between 30 and 86400 seconds (0: no limit), got 10"),
        (["sweep", "--out", "/proc/no/such/place"], "cannot write results to /proc/no/such/place"),
        (["sweep", "--swift", "/nonexistent/gilsweep-swift"], "is not an executable file"),
        (["sweep", "--kernel", "all", "--knobs", "5"], "--knobs needs a single --workload"),
        (["plot", "/nonexistent-results"], "no sweep.json in /nonexistent-results"),
        (["compare", "/nonexistent-a", "/nonexistent-b"], "no sweep.json in /nonexistent-a"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        # Knobs past what one call can do in a window (years of churn, gigabytes of operands).
        (["sweep", "--knobs", "99999999999999999999999"], "churn knobs must be between 1 and 1000000000, got 9999"),
        (["sweep", "--kernel", "gcd", "--knobs", "64,99999999999"], "gcd knobs must be between 1 and 262144, got 99999999999"),
        (["sweep", "--kernel", "primes", "--knobs", "99999999999999999999"], "primes knobs must be between 1 and 1000000000"),
        (["sweep", "--threads", "2,100000"], "--threads must be between 1 and 256, got 2, 100000"),
        (["sweep", "--kernel", "churn", "--modes", "python-loop"], "nothing to measure: python-loop on churn"),
        (["sweep", "--kernel", "churn", "--modes", "threads"], "nothing to measure: threads on churn"),
        (["sweep", "--knobs", "1,,2"], "expected comma-separated positive integers, got '1,,2'"),
        (["sweep", "--out", ""], "--out must name a folder"),
        (["count-primes", "0", "10", "--scheduler", "inproc://x"], "--scheduler must be tcp://HOST:PORT"),
        (["count-primes", "0", "10", "--scheduler", "tcp://127.0.0.1:99999"], "--scheduler must be tcp://HOST:PORT"),
        (["count-primes", "0", "100000000", "--chunk", "1"], "--chunk 1 cuts [0, 100000000) into 100,000,000 tasks"),
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


def test_only_the_cli_exits():
    offenders = [path.name for path in PACKAGE.rglob("*.py")
                 if path.name not in ("cli.py", "__main__.py") and "SystemExit" in path.read_text()]
    assert offenders == []


def test_the_dask_modes_below_their_knobs_measure_nothing():
    pytest.importorskip("distributed")
    done = run_cli("sweep", "--modes", "dask-threads", "--knobs", "1")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "gilsweep: error: nothing to measure: dask-threads on churn at these knobs (python-loop is for the batch "
        "kernels, pure-python and the dask modes for the others, the dask modes from knob churn 1000000, gcd 16384, "
        "primes 10000000, threads for a --callable)"]


@pytest.mark.parametrize("document, message", [
    ([], "is not a gilsweep run: it holds a JSON list, not an object"),
    (None, "is not a gilsweep run: it holds a JSON NoneType, not an object"),
    ({"format_version": "2"}, "has format_version '2'; this gilsweep reads 2 and 3"),
    ({"format_version": 2}, "is not a gilsweep run: no complete, machine, seed, points, windows, canaries"),
    ({"format_version": 2, "complete": True, "machine": {}, "seed": 1, "points": [], "windows": None, "canaries": []},
     "is not a gilsweep run: windows is not a list of records"),
    ({"format_version": 2, "complete": True, "machine": {}, "seed": 1, "points": [], "windows": [{"junk": 1}],
      "canaries": []}, "is not a gilsweep run: window 0 has no point, trial, order"),
    ({"format_version": 2, "complete": True, "machine": {}, "seed": 1, "points": [{"id": 0, "junk": 1}],
      "windows": [], "canaries": []}, "is not a gilsweep run: a point record does not fit"),
])
def test_a_sweep_json_of_the_wrong_shape_is_refused_in_one_line(tmp_path, document, message):
    (tmp_path / "sweep.json").write_text(json.dumps(document))
    for args in (["plot", str(tmp_path)], ["compare", str(tmp_path), str(tmp_path)]):
        done = run_cli(*args)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1 and message in lines[0], done.stderr


def test_a_new_sweep_does_not_overwrite_an_earlier_run(tmp_path):
    earlier = tmp_path / "sweep.json"
    earlier.write_text('{"an earlier": "run"}')
    done = run_cli("sweep", "--modes", "python-hold", "--knobs", "1", "--out", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"gilsweep: error: {tmp_path} already holds a run (sweep.json); choose another --out or remove it"]
    assert earlier.read_text() == '{"an earlier": "run"}' and sorted(p.name for p in tmp_path.iterdir()) == ["sweep.json"]
