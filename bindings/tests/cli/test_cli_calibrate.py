"""`gilsweep calibrate` as a user runs it: the threshold table, the GIL's
round trip after it, and the C header --emit-header writes; one run, since
each measures for most of a minute."""
from helpers import run_cli


def test_calibrate_prints_thresholds_and_the_round_trip_and_writes_a_header(tmp_path):
    header = tmp_path / "measured.h"
    done = run_cli("calibrate", "--kernel", "churn", "--knobs", "10,3000000", "--repeats", "1", "--quick",
                   "--emit-header", str(header))
    assert done.returncode == 0, done.stderr
    assert "| churn | churn | 3000 |" in done.stdout
    assert "| a GIL release and re-acquire, uncontended |" in done.stdout and f"Wrote {header}" in done.stdout
    text = header.read_text()
    assert text.startswith("/* Measured by gilsweep calibrate on ") and " UTC." in text.splitlines()[0]
    assert "#define GILSWEEP_GIL_ROUND_TRIP_NS " in text and "#define GILSWEEP_CTYPES_EXTRA_NS " in text
    # One repeat on a shared machine may or may not find the knee; either way churn is named.
    assert "#define GILSWEEP_CHURN_RELEASE_THRESHOLD " in text or "/* churn: releasing never caught up" in text


def test_bad_calibrate_options_are_refused_before_measuring(tmp_path):
    assert run_cli("calibrate", "--kernel", "all", "--knobs", "5").returncode == 2
    done = run_cli("calibrate", "--kernel", "churn", "--emit-header", str(tmp_path / "no" / "such" / "h.h"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "is not a writable folder" in done.stderr
