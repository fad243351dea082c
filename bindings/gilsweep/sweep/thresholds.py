"""`gilsweep calibrate`: where releasing the GIL starts to pay, per kernel, on
the machine it runs on. The auto policy's threshold for a kernel is the smallest knob
from which two threads under "release" are at least as fast as two threads
under "hold", and than one thread, at every larger knob measured; knob units
are the threshold units. Timings last 50 ms or more even with --quick: shorter
windows are within a few GIL switch intervals (5 ms) and mislead."""
from ..core import modes, workloads
from ..core.registry import REGISTRY
from ..core.windows import call_seconds
from . import config, engine

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


def calibrate(workloads, knobs, threads, repeats, target_seconds, progress=None, **waits):
    """[(workload, python function, threshold or None)], measuring only hold and
    release, with the sweep's own interleaved trials. waits: the SweepConfig fields
    max_wait_s, handoff_wait_s and forecast_s, where not the sweep's defaults."""
    asked = config.SweepConfig(workloads=workloads, modes=POLICY_MODES, threads=[threads], knobs=knobs,
                                repeats=repeats, target_seconds=target_seconds, **waits)
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


def knob_for_call_seconds(workload, budget_s, time_call=None):
    """The smallest knob (within a few percent) at which one call of the workload
    lasts budget_s or more, or None if even its largest knob is quicker. From
    there a thread holding the GIL in the call makes every other thread wait
    about that long (docs/latency.md: next to such calls the victim's p90
    lateness is about one call)."""
    entry = REGISTRY[workload]
    function = workloads.swig_function(workload, "hold")
    time_call = time_call or (lambda knob: call_seconds(function, workloads.operands(workload, knob)))
    low, high = None, min(entry.default_knobs)
    while time_call(high) < budget_s:
        if high >= entry.max_knob:
            return None
        low, high = high, min(high * 2, entry.max_knob)
    while low is not None and high - low > max(1, high // 32):  # bisect to about 3%
        middle = (low + high) // 2
        low, high = (middle, high) if time_call(middle) < budget_s else (low, middle)
    return high


def latency_report(found, budget_s, knob_for=knob_for_call_seconds):
    """Per kernel: from what knob one holding call exceeds the latency budget, and
    the auto threshold that honours both the throughput knee and the budget."""
    lines = [f"| kernel | a call lasts {budget_s * 1e3:g} ms from knob | measured knee | threshold for both |",
             "|---|---|---|---|"]
    for workload, function, threshold in found:
        over = knob_for(workload, budget_s)
        both = min(k for k in (threshold, over) if k is not None) if (threshold, over) != (None, None) else None
        lines.append(f"| {function} | {over if over is not None else 'never (within its largest knob)'} | "
                     f"{threshold if threshold is not None else 'none'} | {both if both is not None else 'none'} |")
    return "\n".join(lines) + (
        "\n\nBelow its threshold `auto` keeps the GIL, and every other thread of the program waits for the rest "
        "of each call; a threshold above the budget's knob trades that latency for throughput.")
