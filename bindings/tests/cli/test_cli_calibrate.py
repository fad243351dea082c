"""`gilsweep calibrate` as a user runs it: the threshold table, the latency
budget's table, the GIL's round trip after it, and the C header --emit-header
writes; one run, since each measures for many seconds. No wait for a handoff state: the
knee checked here is at a knob that state does not touch."""
import time

import gilsweep
from helpers import GIL, run_cli


def test_calibrate_prints_thresholds_and_the_round_trip_and_writes_a_header(tmp_path):
    header = tmp_path / "measured.h"
    done = run_cli("calibrate", "--kernel", "churn", "--knobs", "10,3000000", "--repeats", "3", "--quick",
                   "--handoff-wait", "0",
                   "--latency-budget", "5", "--emit-header", str(header))
    assert done.returncode == 0, done.stderr
    # The threshold in effect (the compiled-in one), then the knee: with a GIL, two threads holding it
    # in 3*10^6-iteration calls take turns and releasing runs them in parallel, so release wins there
    # and never at 10 iterations. Only on a machine whose forecast was not a quiet hour may release
    # fail to catch up (the other core busy elsewhere); without a GIL both policies run in parallel
    # and the knee is either knob, or none.
    current = gilsweep.release_threshold("churn")
    knee = {"10": 10, "3000000": 3_000_000, "release never catches up": None}
    measured = done.stdout.split(f"| churn | churn | {current} | ", 1)[1].split(" |", 1)[0]
    quiet = "gilsweep: a quiet hour" in done.stderr
    assert measured in knee, done.stdout
    assert knee[measured] == 3_000_000 or not GIL or (knee[measured] is None and not quiet), (done.stdout, done.stderr)
    # --latency-budget 5: the knob from which one churn call lasts 5 ms, and the threshold that
    # honours both, the smaller of it and the knee.
    assert "| kernel | a call lasts 5 ms from knob | measured knee | threshold for both |" in done.stdout
    over, knee_again, both = done.stdout.split("\n| churn | ", 2)[2].split(" |\n", 1)[0].split(" | ")
    assert knee_again == (measured if knee[measured] else "none")
    assert int(both) == min(int(over), knee[measured] or int(over))
    # A host stall during calibrate only lengthens its calls, which makes the knob it finds
    # smaller, never larger: a call at that knob here, the least of three, lasts under twice the budget.
    churn = gilsweep.kernel("churn", "hold")
    assert 10 < int(over) and min(timed(churn, int(over)) for _ in range(3)) < 2 * 0.005, over
    assert "| a GIL release and re-acquire, uncontended |" in done.stdout and f"Wrote {header}" in done.stdout
    text = header.read_text()
    assert text.startswith("/* Measured by gilsweep calibrate on ") and " UTC." in text.splitlines()[0]
    assert "#define GILSWEEP_GIL_ROUND_TRIP_NS " in text and "#define GILSWEEP_CTYPES_EXTRA_NS " in text
    if knee[measured] is None:
        assert "/* churn: releasing never caught up" in text
    else:
        assert f"#define GILSWEEP_CHURN_RELEASE_THRESHOLD {knee[measured]} " in text


def test_bad_calibrate_options_are_refused_before_measuring(tmp_path):
    assert run_cli("calibrate", "--kernel", "all", "--knobs", "5").returncode == 2
    for option in ("--handoff-wait", "--max-wait"):
        done = run_cli("calibrate", "--kernel", "churn", option, "-1")
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and f"{option} must be" in done.stderr
    done = run_cli("calibrate", "--kernel", "churn", "--emit-header", str(tmp_path / "no" / "such" / "h.h"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "is not a writable folder" in done.stderr


def timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start
