"""`gilsweep calibrate` as a user runs it."""
from helpers import run_cli


def test_calibrate_command_prints_a_threshold_table():
    done = run_cli("calibrate", "--kernel", "churn", "--knobs", "10,3000000", "--repeats", "1")
    assert done.returncode == 0, done.stderr
    assert "| churn | churn | 3000 |" in done.stdout
    assert run_cli("calibrate", "--kernel", "all", "--knobs", "5").returncode == 2
