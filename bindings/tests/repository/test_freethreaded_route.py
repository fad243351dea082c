"""make test-freethreaded runs the suite on a free-threaded CPython the user has
installed, and on nothing else (scripts/find-freethreaded-python.sh): the one named by
PYTHON when it is such a build, every python3.13t/3.14t/3.15t on PATH otherwise, one
line and success when there is none, one line and failure for a GIL build. The fake
interpreters below answer the script's one question (is Py_GIL_DISABLED set?) the way
a free-threaded build or a GIL build would."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIND = ROOT / "scripts" / "find-freethreaded-python.sh"


def fake_interpreter(folder, name, free_threaded):
    """A script that exits as the check would on a build with or without Py_GIL_DISABLED."""
    path = folder / name
    path.write_text(f"#!/bin/sh\nexit {0 if free_threaded else 3}\n")
    path.chmod(0o755)
    return path


def find(*args, path):
    return subprocess.run([str(FIND), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PATH": f"{path}:/usr/bin:/bin"})


def test_every_free_threaded_build_on_path_is_found_and_a_gil_build_under_that_name_is_not(tmp_path):
    found = [fake_interpreter(tmp_path, "python3.13t", True), fake_interpreter(tmp_path, "python3.15t", True)]
    fake_interpreter(tmp_path, "python3.14t", False)
    done = find(path=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.split() == [str(p) for p in found]


def test_with_none_on_path_one_line_says_what_it_looked_for_and_it_succeeds(tmp_path):
    done = find(path=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "skipped" in done.stderr and "python3.13t python3.14t python3.15t" in done.stderr


def test_a_named_free_threaded_build_is_taken(tmp_path):
    python = fake_interpreter(tmp_path, "my-python", True)
    done = find(str(python), path=tmp_path)
    assert done.returncode == 0 and done.stdout.split() == [str(python)]


def test_a_named_gil_build_fails_with_one_line_naming_it():
    done = find(sys.executable, path="/nonexistent")
    assert done.returncode == 1 and done.stdout == ""
    line, = done.stderr.splitlines()
    assert sys.executable in line and "with a GIL" in line and "%d.%d" % sys.version_info[:2] in line


def test_a_named_interpreter_that_does_not_run_fails_with_one_line(tmp_path):
    done = find(str(tmp_path / "no-such-python"), path=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    line, = done.stderr.splitlines()
    assert "does not run" in line


def test_make_test_freethreaded_with_a_gil_build_stops_before_building_anything():
    done = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "test-freethreaded", f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and done.stdout == ""
    ours = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1 and "with a GIL" in ours[0], done.stderr
