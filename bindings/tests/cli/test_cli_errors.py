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


def test_only_the_cli_exits():
    offenders = [path.name for path in PACKAGE.rglob("*.py")
                 if path.name not in ("cli.py", "__main__.py") and "SystemExit" in path.read_text()]
    assert offenders == []
