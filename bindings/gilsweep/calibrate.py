"""`gilsweep calibrate`: where releasing the GIL starts to pay, per kernel, on
this machine. The auto policy's threshold for a kernel is the smallest knob
from which two threads under "release" are at least as fast as two threads
under "hold", and than one thread, at every larger knob measured; knob units
are the threshold units. Timings last 50 ms or more even with --quick: shorter
windows are within a few GIL switch intervals (5 ms) and mislead."""
from . import sweep as sweep_module
from .workloads import KERNEL_FUNCTION

POLICY_MODES = ["python-hold", "python-release"]


def knee(rows):
    """The smallest knob from which release's speedup stays at or above both
    hold's and 1.0x (releasing must not make two threads slower than one), or None."""
    by_knob = {}
    for row in rows:
        by_knob.setdefault(row.knob, {})[row.mode] = row.speedup
    knobs = sorted(by_knob)
    threshold = None
    for knob in reversed(knobs):
        speedups = by_knob[knob]
        if speedups["python-release"] >= max(speedups["python-hold"], 1.0):
            threshold = knob
        else:
            break
    return threshold


def calibrate(kernels, knobs, threads, repeats, target_seconds):
    """[(kernel, python function, threshold or None)], measuring only hold and release."""
    config = sweep_module.SweepConfig(kernels=kernels, modes=POLICY_MODES, threads=[threads], repeats=repeats,
                                      target_seconds=target_seconds, knobs=knobs)
    found = []
    progress = sweep_module.Progress(sum(len(knobs[k]) for k in kernels))
    try:
        for kernel in kernels:
            rows = []
            for knob in knobs[kernel]:
                rows += sweep_module.measure_knob(config, kernel, knob, threads, None, None)
                progress.step(f"{kernel} knob={knob}")
            found.append((kernel, KERNEL_FUNCTION[kernel], knee(rows)))
    finally:
        progress.close()
    return found


def report(found, current):
    lines = ["| kernel | python function | current threshold | measured knee |", "|---|---|---|---|"]
    advice = []
    for kernel, function, threshold in found:
        shown = "release never catches up" if threshold is None else str(threshold)
        lines.append(f"| {kernel} | {function} | {current(function)} | {shown} |")
        if threshold is not None:
            advice.append(f'gilsweep.set_release_threshold("{function}", {threshold})')
    return "\n".join(lines) + ("\n\nTo use them in a program:\n\n    " + "\n    ".join(advice) if advice else "")
