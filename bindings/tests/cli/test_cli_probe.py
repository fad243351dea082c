"""`gilsweep probe`: the hashlib threshold CPython hides in HASHLIB_GIL_MINSIZE,
JSON output, and one clear line for every kind of bad target."""
import json
import os
import re

import pytest

from helpers import needs_gil, needs_no_gil, run_cli


@needs_gil
def test_hashlib_releases_the_gil_from_2048_bytes():
    done = run_cli("probe", "hashlib:sha256", "--arg", "bytes(n)", "--find-threshold", "1:1048576")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "threshold: 2048"
    assert any(line.startswith("n=2047: holds") for line in lines) and any(line.startswith("n=2048: releases")
                                                                          for line in lines)


@needs_gil
@pytest.mark.parametrize("policy, word", [("release", "releases"), ("hold", "holds")])
def test_the_default_knobs_and_trials(policy, word):
    # No --knobs, --find-threshold or --trials: the knobs the help names, and a majority of 5 trials.
    done = run_cli("probe", f"gilsweep.kernels:churn_{policy}", "--arg", "n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == f"{word} at n = 1, 16, 256, 4096, 65536, 1048576", done.stdout
    assert len(lines) == 7, lines
    assert all(re.match(rf"n=\d+: {word} \([345]/[345] trials; ", line) for line in lines[:-1]), lines


@needs_gil  # the probe runs first, and needs a GIL to judge (probe/test_gil_probe.py)
def test_knobs_as_json():
    done = run_cli("probe", "gilsweep.kernels:churn_release", "--arg", "n", "--knobs", "10,1000", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [v["n"] for v in document["verdicts"]] == [10, 1000] and document["answer"] is None
    assert all(v["verdict"] == "releases" and len(v["waits_in_intervals"]) == v["trials"] for v in document["verdicts"])


@pytest.mark.parametrize("args, message", [
    (["no_such_module_xyz:f", "--arg", "n"], "cannot import module 'no_such_module_xyz'"),
    (["hashlib:sha257", "--arg", "n"], "'hashlib' has no attribute 'sha257'"),
    (["hashlib:sha256", "--arg", "bytes(-n)", "--knobs", "5"], "--arg 'bytes(-n)' failed at n=5: ValueError"),
    (["math:sqrt", "--arg=-n", "--knobs", "3"], "math:sqrt raised at n=3: ValueError: math domain error"),
    (["hashlib:sha256", "--arg", "bytes(n)", "--find-threshold", "9:1"], "expected LO:HI with 0 <= LO <= HI"),
    (["hashlib:sha256", "--arg", "bytes(n)", "--knobs", "1", "--find-threshold", "1:2"], "not allowed with argument"),
    (["hashlib:sha256"], "the following arguments are required: --arg"),
])
def test_bad_targets_give_one_clear_line(args, message):
    done = run_cli("probe", *args)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("gilsweep: error: ") and message in done.stderr, \
        done.stderr


@needs_gil
def test_sweep_a_callable_with_the_probes_verdict_per_knob(tmp_path):
    out = tmp_path / "run"
    done = run_cli("sweep", "--callable", "gilsweep.kernels:churn_auto", "--arg", "n", "--knobs", "10,100000",
                   "--quick", "--max-wait", "0", "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = (out / "summary.md").read_text()
    assert "## gilsweep.kernels:churn_auto, 2 threads" in summary
    # The small call's threads hand the GIL over often: a slow-handoff hour adds their curve in that state.
    assert re.search(r"\| knob \| GIL \(gilsweep probe\) \| threads \|( threads \(slow handoff\) \|)? processes \|",
                     summary), summary
    # A stall can turn one trial of a releasing call (3 of 4 then), never of a holding one.
    released = re.search(r"\| 100000 \| releases \(3/[345]\) \|", summary)
    assert "| 10 | holds (3/3) |" in summary and released, summary
    document = json.loads((out / "sweep.json").read_text())
    assert document["config"]["foreign"]["target"] == "gilsweep.kernels:churn_auto"
    assert {p["mode"] for p in document["points"]} == {"threads", "processes"}
    (out / "summary.md").unlink()
    replot = run_cli("plot", str(out))  # from the raw windows, in a process that never resolved the callable
    assert replot.returncode == 0, replot.stderr
    assert (out / "summary.md").read_text().count(released.group(0)) == 1


@pytest.mark.parametrize("args, message", [
    (["--callable", "hashlib:sha256"], "--callable needs --arg, and no --workload"),
    (["--callable", "hashlib:sha256", "--arg", "bytes(n)", "--kernel", "gcd"], "--callable needs --arg, and no --workload"),
    (["--arg", "bytes(n)"], "--arg needs --callable"),
    (["--callable", "no_such_module_xyz:f", "--arg", "n"], "cannot import module 'no_such_module_xyz'"),
    (["--callable", "math:sqrt", "--arg=-n", "--knobs", "3"], "math:sqrt raised at n=3: ValueError"),
    pytest.param(["--callable", "hashlib:sha256", "--arg", "bytes(n)", "--modes", "python-hold"],
                 "none of the modes python-hold applies to a callable", marks=needs_gil),  # found after the probe
])
def test_sweep_callable_errors(tmp_path, args, message):
    out = tmp_path / "never"
    done = run_cli("sweep", *args, "--out", str(out))
    assert done.returncode != 0 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not out.exists()  # nothing measured, nothing written


@needs_gil  # the probe runs first, and needs a GIL to judge (probe/test_gil_probe.py)
def test_a_callable_that_starts_raising_mid_sweep_ends_it_with_one_line_and_keeps_the_folder(tmp_path):
    # Fine for the probe, calibration and every sequential window (one thread calling),
    # and for the first two parallel windows (each starts two new threads calling at
    # once, with the main thread waiting: three threads), then it raises: at the third
    # parallel window, every time.
    module = tmp_path / "flaky_target.py"
    module.write_text("import threading\nseen = set()\n"
                      "def work(n):\n    thread = threading.current_thread()\n"
                      "    if thread is threading.main_thread() or thread.name == 'gilsweep-probe-caller':\n        return\n"
                      "    if len(threading.enumerate()) < 3:\n        return\n"
                      "    seen.add(thread.name)\n    if len(seen) > 4:\n        raise RuntimeError('out of luck')\n")
    out = tmp_path / "run"
    done = run_cli("sweep", "--callable", "flaky_target:work", "--arg", "n", "--knobs", "1", "--modes", "threads",
                   "--quick", "--max-wait", "0", "--out", str(out), env=dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("gilsweep: error: flaky_target:work raised at n=1 (threads): "
                                                           "RuntimeError: out of luck")
    assert "Traceback" not in done.stderr
    assert json.loads((out / "sweep.json").read_text())["windows"]  # what was measured is kept


@needs_no_gil
def test_without_a_gil_the_probe_says_so_and_finds_hashlib_parallel_for_large_inputs():
    # Only the sizes whose calls last long enough to judge on a bad day: at 1-256 bytes a
    # call is well under a microsecond, two threads' slowdown sat near the cut in one CI
    # run (0.8-1.05 on a quiet hour, serializing on a bad one), so those sizes are left to
    # probe/test_parallel.py's scripted measurements.
    done = run_cli("probe", "hashlib:sha256", "--arg", "bytes(n)", "--knobs", "65536,1048576", "--trials", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("no GIL: ") and "no GIL for hashlib:sha256 to release" in lines[0]
    assert lines[-1] == "parallel at n = 65536, 1048576"


@needs_no_gil
def test_without_a_gil_a_locked_callable_serializes_as_json(tmp_path):
    (tmp_path / "locked_target.py").write_text(
        "import threading, gilsweep\nlock = threading.Lock()\nchurn = gilsweep.kernel('churn', 'hold')\n"
        "def work(n):\n    with lock:\n        churn(n)\n")
    done = run_cli("probe", "locked_target:work", "--arg", "n", "--knobs", "10,100000", "--trials", "3", "--json",
                   env=dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["gil"] is False and [v["verdict"] for v in document["verdicts"]] == ["serializes", "serializes"]
