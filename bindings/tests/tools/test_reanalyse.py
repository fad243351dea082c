"""tools/reanalyse.py: saved runs re-estimated from their raw windows three ways
(ratio of medians, of lower quartiles, and that with the imbalance flag), each
way's stable points and figures per run and how far each pair of runs moved."""
from gilsweep.sweep import results
from gilsweep.sweep.schema import Point
from helpers import run_tool, window

HOLD = {10: 1.0, 1000: 1.0, 10000: 1.0}
SWIFT = {10: 1.9, 1000: 1.95, 10000: 1.98}


def saved_run(folder, release, uneven=None):
    """Churn at three knobs (0.05, 5 and 50 µs a call) in swift-threads, python-hold and
    python-release, six trials each, saved without windows' balance (as runs before it).
    The point `uneven` names has four of its six parallel windows slowed by half and
    run unevenly (one thread in the call for 60% of the window's two-thread time)."""
    points, windows = [], []
    for runtime, mode, speedups in (("swift", "swift-threads", SWIFT), ("python", "python-hold", HOLD),
                                    ("python", "python-release", release)):
        for knob, speedup in speedups.items():
            point = Point(id=len(points), runtime=runtime, mode=mode, workload="churn", knob=knob, threads=2,
                          calls=100)
            points.append(point)
            for trial in range(1, 7):
                seq = 1e-6 * knob
                par = seq / speedup * (1 + 0.001 * trial)
                in_call = 2 * par
                if (mode, knob) == uneven and trial % 3:
                    par *= 1.5
                    in_call = 1.2 * par
                windows += [window(point.id, trial, "seq", seq), window(point.id, trial, "par", par, in_call_s=in_call)]
    run = results.Run(metadata=results.machine_metadata(None), seed=5, points=points, windows=windows, complete=True)
    results.ResultsFolder(str(folder)).save(run)
    return str(folder)


def test_each_way_reads_the_same_windows_differently(tmp_path):
    first = saved_run(tmp_path / "run1", {10: 0.5, 1000: 1.5, 10000: 1.9})
    second = saved_run(tmp_path / "run2", {10: 0.5, 1000: 1.8, 10000: 1.9}, uneven=("python-release", 10000))
    done = run_tool("reanalyse.py", first, second)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    # The uneven point: its median is a slowed window, its lower quartile between, and with the
    # flag its two even windows alone (too few to call it stable in any way).
    same = "swift-threads >= 1 µs {}x, python-release >= 30 µs min {}x, python-hold max 1.00x"
    assert done.stdout.splitlines() == [
        "ratio of medians:",
        f"  {first}: 9 of 9 stable; " + same.format("1.94-1.97", "1.89"),
        f"  {second}: 8 of 9 stable; " + same.format("1.94-1.97", "1.26"),
        "  runs 1 and 2: 2 of 9 points more than 0.2x apart, 1 more than 0.4x, largest 0.63x",
        "ratio of lower quartiles:",
        f"  {first}: 9 of 9 stable; " + same.format("1.95-1.98", "1.90"),
        f"  {second}: 8 of 9 stable; " + same.format("1.95-1.98", "1.68"),
        "  runs 1 and 2: 2 of 9 points more than 0.2x apart, 0 more than 0.4x, largest 0.30x",
        "lower quartiles, imbalance flagged:",
        f"  {first}: 9 of 9 stable; " + same.format("1.95-1.98", "1.90"),
        f"  {second}: 8 of 9 stable; " + same.format("1.95-1.98", "1.89"),
        "  runs 1 and 2: 1 of 9 points more than 0.2x apart, 0 more than 0.4x, largest 0.30x",
    ]


def test_one_run_has_no_pairs_to_compare(tmp_path):
    done = run_tool("reanalyse.py", saved_run(tmp_path / "run", {10: 0.5, 1000: 1.5, 10000: 1.9}))
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 6 and "runs 1 and 2" not in done.stdout


def test_without_a_folder_it_prints_its_usage():
    done = run_tool("reanalyse.py")
    assert done.returncode == 1 and done.stdout == "" and done.stderr == "usage: reanalyse.py RUN_DIR...\n"
