"""`gilsweep census` as a user runs it: a user's list with entries that cannot
be measured (one line each, the census goes on and reports them), the
hashlib threshold confirmed by a second probe, censuses side by side, and one
clear line for bad options."""
import json

import pytest

from gilsweep.census import report
from helpers import needs_gil, run_cli

BROKEN_LIST = """
version = 7

[[callable]]
target = "no_such_module_xyz:f"
arg = "n"

[[callable]]
target = "hashlib:sha256"
arg = "bytes(-n)"
unit = "bytes"
"""
RELEASING = """
[[callable]]
label = "churn under release"
target = "gilsweep.kernels:churn_release"
arg = "n"
unit = "iterations"
range = [1, 1000]
"""


def census(tmp_path, *args, text=BROKEN_LIST):
    mine = tmp_path / "mine.toml"
    mine.write_text(text)
    return run_cli("census", "--list", str(mine), "--no-round-trip", "--quick", "--out", str(tmp_path / "out"), *args)


def test_entries_that_cannot_be_measured_are_one_line_each_and_the_census_goes_on(tmp_path):
    done = census(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr
    assert lines[0].startswith("[1/2") and "not measured: cannot import module 'no_such_module_xyz'" in lines[0]
    assert lines[1].startswith("[2/2") and "not measured: --arg 'bytes(-n)' failed at n=1: ValueError" in lines[1]
    assert "0 callables measured" in done.stdout and "2 not measured" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("Took ")
    document = json.loads((tmp_path / "out" / "census.json").read_text())
    assert document["lists"][0]["version"] == 7 and document["round_trip"] is None
    assert [e["error"] != "" for e in document["entries"]] == [True, True]
    assert (tmp_path / "out" / "census.md").read_text() in done.stdout


@needs_gil
def test_a_user_list_is_measured_and_reported(tmp_path):
    done = census(tmp_path, text=RELEASING + BROKEN_LIST.replace("version = 7", ""))
    assert done.returncode == 0, done.stderr
    assert "| churn under release | `n` | 1-1000 | releases everywhere | iterations |" in done.stdout
    assert "1 callables measured: 0 from a threshold, 1 release everywhere" in done.stdout


@needs_gil
def test_the_hashlib_threshold_is_2048_bytes_and_a_second_probe_agrees(tmp_path):
    done = run_cli("census", "--only", "hashlib:sha256", "--confirm", "--no-round-trip", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "| hashlib.sha256 | `bytes(n)` | 1-1048576 | releases from 2048 | bytes | yes |" in done.stdout
    entry = json.loads((tmp_path / "out" / "census.json").read_text())["entries"][0]
    assert entry["confirmation"]["answer"] == "threshold: 2048" and entry["confirmation"]["agrees"]
    assert entry["confirmation"]["command"].startswith("-m gilsweep probe hashlib:sha256 --arg bytes(n) --find-threshold 1:1048576")


@needs_gil
def test_two_real_entries_in_two_jobs_and_the_round_trip(tmp_path):
    # zlib's crc32 and adler32 release the GIL above 5 KiB (5120 bytes) in CPython's C
    # source: the known answer, found by two worker processes; then the round trip.
    done = run_cli("census", "--only", "zlib:*32", "--jobs", "2", "--quick", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    for name in ("zlib.crc32", "zlib.adler32"):
        assert f"| {name} | `bytes(n)` | 1-1048576 | releases from 5121 | bytes |" in done.stdout, done.stdout
    assert "2 callables measured: 2 from a threshold" in done.stdout and "## What a GIL release costs" in done.stdout
    document = json.loads((tmp_path / "out" / "census.json").read_text())
    assert document["settings"]["jobs"] == 2 and [e["threshold"] for e in document["entries"]] == [5121, 5121]
    trip = document["round_trip"]
    assert trip and all(0 < trip[key]["lo"] <= trip[key]["ns"] <= trip[key]["hi"]
                        for key in ("uncontended", "contended", "ctypes_extra")), trip


def test_censuses_compare_side_by_side(tmp_path):
    from census.test_census_report import doc

    folders = []
    for index, version in enumerate(["3.11.7", "3.12.1", "3.13.0"]):
        document = doc()
        document["versions"]["python"] = version
        folders.append(str(tmp_path / version))
        report.write(folders[-1], document)
    done = run_cli("compare", *folders)
    assert done.returncode == 0, done.stderr
    assert "| hashlib.sha256 | bytes | releases from 2048 | releases from 2048 | releases from 2048 |" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "3 of 3 callables measured in every run got the same answer in each"


@pytest.mark.parametrize("args, message", [
    (["census", "--jobs", "0"], "must be at least 1, got 0"),
    (["census", "--list", "/nonexistent/mine.toml"], "cannot read the list /nonexistent/mine.toml"),
    (["census", "--only", "nothing:here"], "--only nothing:here matches no callable of the lists"),
    (["census", "--out", ""], "--out must name a folder"),
    (["census", "--trials", "x"], "expected a positive integer, got 'x'"),
    (["compare", "/nonexistent-a", "/nonexistent-b", "/nonexistent-c"], "only censuses compare more than two"),
])
def test_bad_census_options_give_one_clear_line(args, message):
    done = run_cli(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("gilsweep: error: ") and message in done.stderr, \
        done.stderr


def test_a_malformed_user_list_gives_one_clear_line(tmp_path):
    done = census(tmp_path, text="[[callable]]\ntarget = 'math:sqrt'\n")
    assert done.returncode == 2 and done.stderr == "gilsweep: error: mine.toml: callable 1 needs arg = \"...\" (a string)\n"
