"""`gilsweep probe`: the hashlib threshold CPython hides in HASHLIB_GIL_MINSIZE,
JSON output, and one clear line for every kind of bad target."""
import json

import pytest

from helpers import run_cli


def test_hashlib_releases_the_gil_from_2048_bytes():
    done = run_cli("probe", "hashlib:sha256", "--arg", "bytes(n)", "--find-threshold", "1:1048576")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "threshold: 2048"
    assert any(line.startswith("n=2047: holds") for line in lines) and any(line.startswith("n=2048: releases")
                                                                          for line in lines)


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
