"""`gilsweep calibrate`: where releasing the GIL starts to pay, per kernel, on
this machine. The auto policy's threshold for a kernel is the smallest knob
from which two threads under "release" are at least as fast as two threads
under "hold", and than one thread, at every larger knob measured; knob units
are the threshold units. Timings last 50 ms or more even with --quick: shorter
windows are within a few GIL switch intervals (5 ms) and mislead."""
from . import config, engine, modes

POLICY_MODES = [modes.PYTHON_HOLD, modes.PYTHON_RELEASE]


def knee(rows):
    """The smallest knob from which release's speedup stays at or above both
    hold's and 1.0x (releasing must not make two threads slower than one), or None."""
    by_knob = {}
    for row in rows:
        by_knob.setdefault(row.knob, {})[row.mode] = row.speedup
    knobs = sorted(knob for knob, speedups in by_knob.items() if set(POLICY_MODES) <= set(speedups))
    threshold = None
    for knob in reversed(knobs):
        speedups = by_knob[knob]
        if speedups["python-release"] >= max(speedups["python-hold"], 1.0):
            threshold = knob
        else:
            break
    return threshold


def calibrate(workloads, knobs, threads, repeats, target_seconds, progress=None):
    """[(workload, python function, threshold or None)], measuring only hold and
    release, with the sweep's own interleaved trials."""
    asked = config.SweepConfig(workloads=workloads, modes=POLICY_MODES, threads=[threads], knobs=knobs,
                                repeats=repeats, target_seconds=target_seconds)
    rows, _ = engine.Sweep(asked, swift_binary=None, progress=progress).run().analyze()
    return [(workload, modes.WORKLOADS[workload][0], knee([r for r in rows if r.workload == workload]))
            for workload in workloads]


def report(found, current):
    lines = ["| kernel | python function | current threshold | measured knee |", "|---|---|---|---|"]
    advice = []
    for kernel, function, threshold in found:
        shown = "release never catches up" if threshold is None else str(threshold)
        lines.append(f"| {kernel} | {function} | {current(function)} | {shown} |")
        if threshold is not None:
            advice.append(f'gilsweep.set_release_threshold("{function}", {threshold})')
    return "\n".join(lines) + ("\n\nTo use them in a program:\n\n    " + "\n    ".join(advice) if advice else "")
