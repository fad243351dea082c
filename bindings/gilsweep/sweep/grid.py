"""Which knobs a run measures: a coarse lattice every run shares (every other knob
of the workload's dense list, and its last), refined after the first rounds where
a mode's curve bends between two lattice knobs; --full measures the dense list
whole (docs/method.md)."""
from ..core import modes, states
from .report import CEILING_FRACTION, TARGET_SPEEDUP

BEND = 0.15


def lattice(dense):
    """The coarse lattice of a sorted dense knob list: every other knob, and the last."""
    return sorted(set(dense[::2]) | {dense[-1]}) if dense else []


def between(dense, low, high):
    """The dense knob halfway (in the list) between two knobs, or None if none lies between."""
    inner = [k for k in dense if low < k < high]
    return inner[len(inner) // 2] if inner else None


def brackets(a, b, level):
    return min(a, b) < level <= max(a, b)


def refinements(rows, dense):
    """{(workload, mode, threads, knob)} to add, from rows measured on the lattice
    (schema.Row, or any objects with workload, mode, threads, knob, speedup and
    state) and the dense lists ({workload: sorted knobs}). Each is a dense knob not
    measured yet for its mode, where its curve bends in some handoff state (states.py)."""
    wanted = set()
    for view in states.views(rows).values():
        wanted |= view_refinements(view, dense)
    return wanted


def view_refinements(rows, dense):
    """refinements() of the rows that hold in one state."""
    series, measured = {}, set()
    for row in rows:
        series.setdefault((row.workload, row.mode, row.threads), []).append(row)
        measured.add((row.workload, row.mode, row.threads, row.knob))
    ceilings = {(r.workload, r.threads, r.knob): r.speedup for r in rows if r.mode == modes.CEILING}
    wanted = set()
    for (workload, mode, threads), points in series.items():
        points.sort(key=lambda row: row.knob)
        for a, b in zip(points, points[1:]):
            knob = between(dense.get(workload, ()), a.knob, b.knob)
            if knob is None:
                continue
            ceiling_a, ceiling_b = (ceilings.get((workload, threads, r.knob)) for r in (a, b))
            near_ceiling = (mode != modes.CEILING and ceiling_a and ceiling_b
                            and brackets(a.speedup / ceiling_a, b.speedup / ceiling_b, CEILING_FRACTION))
            if abs(a.speedup - b.speedup) > BEND or brackets(a.speedup, b.speedup, TARGET_SPEEDUP) or near_ceiling:
                wanted.add((workload, mode, threads, knob))
                if near_ceiling:
                    wanted.add((workload, modes.CEILING, threads, knob))
    return wanted - measured
