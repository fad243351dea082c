"""core/metadata.py: what every results folder records about what made it."""
import pathlib
import re
import subprocess
import sys

from gilsweep.core.metadata import machine_metadata, source_commit


def test_the_machine_metadata_names_the_interpreter_and_the_measured_binary():
    metadata = machine_metadata("gilsweep-swift 0.1.0")
    assert metadata["swift_version"] == "gilsweep-swift 0.1.0" and metadata["cores"] >= 1
    assert metadata["python_version"].count(".") == 2 and metadata["switch_interval_s"] > 0
    assert machine_metadata()["swift_version"] is None


def test_the_metadata_names_the_code_that_measured_and_no_path_of_the_machine(monkeypatch):
    pyproject = pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml"
    version = re.search(r'^version = "([^"]+)"', pyproject.read_text(), re.M).group(1)
    monkeypatch.setattr(sys, "argv", ["/somewhere/.venv/lib/python3.11/site-packages/gilsweep/__main__.py", "sweep", "--quick"])
    monkeypatch.setenv("GILSWEEP_COMMIT", "0123456789ab")
    metadata = machine_metadata()
    assert metadata["command_line"] == "gilsweep sweep --quick"
    assert metadata["gilsweep_version"] == version
    assert metadata["git_commit"] == "0123456789ab"


def test_without_the_makefile_the_commit_is_the_checkout_s_or_none(monkeypatch, tmp_path):
    monkeypatch.delenv("GILSWEEP_COMMIT", raising=False)
    monkeypatch.chdir(tmp_path)  # not a git checkout
    assert source_commit() is None
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert source_commit() == head
    (tmp_path / "f").write_text("x")
    subprocess.run(["git", "add", "f"], check=True)
    assert source_commit() == head + "-dirty"
