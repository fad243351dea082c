"""`gilsweep compare A B`: two runs side by side, point by point, recomputed
from their raw windows, with a one-line verdict."""
from ..core import interpreter, states
from ..core.modes import CEILING
from . import report, side_by_side

#: A difference larger than this between two runs' median speedups is a moved point.
MOVED = 0.2


def key(row):
    return row.key()


def overlap(a, b):
    return a.ci_lo <= b.ci_hi and b.ci_lo <= a.ci_hi


def trust_line(trust_a, trust_b):
    """The first line of a comparison: one word for the pair, and each run's reason."""
    if trust_a.trustworthy and trust_b.trustworthy:
        return f"trustworthy: both runs are (A: {trust_a.reason}; B: {trust_b.reason})"
    which = "neither run is" if not (trust_a.trustworthy or trust_b.trustworthy) else (
        "run A is not" if not trust_a.trustworthy else "run B is not")
    reasons = "; ".join(f"{name}: {trust.reason}" for name, trust in (("A", trust_a), ("B", trust_b))
                        if not trust.trustworthy)
    return f"untrustworthy: {which} an answer ({reasons}); a difference between them says little"


def compare(rows_a, rows_b, metadata_a=None, metadata_b=None):
    """(markdown table, verdict line, figures) for the points both runs measured.
    Given both runs' metadata and one ran with a GIL and the other without, the
    crossover table names each build and what its modes do there (hold/attached),
    and the verdict says the difference is the builds'."""
    by_key_b = {key(row): row for row in rows_b}
    ordered = sorted(rows_a, key=lambda r: (r.workload, r.threads, report.mode_order(series(r)), r.knob))
    pairs = [(a, by_key_b[key(a)]) for a in ordered if key(a) in by_key_b]
    lines = ["| workload | mode | knob | threads | A speedup [95%] | B speedup [95%] | B - A | intervals overlap |",
             "|---|---|---|---|---|---|---|---|"]
    for a, b in pairs:
        lines.append(f"| {a.workload} | {series(a)} | {a.knob} | {a.threads} "
                     f"| {a.speedup:.2f}x [{a.ci_lo:.2f}, {a.ci_hi:.2f}] "
                     f"| {b.speedup:.2f}x [{b.ci_lo:.2f}, {b.ci_hi:.2f}] "
                     f"| {b.speedup - a.speedup:+.2f} "
                     f"| {'yes' if overlap(a, b) else '**no**'} |")
    builds_differ = (bool(metadata_a and metadata_b)
                     and interpreter.without_gil(metadata_a) != interpreter.without_gil(metadata_b))
    if builds_differ:
        crossover_lines = side_by_side.crossover_table(side_by_side.Side("A", rows_a, metadata_a),
                                                       side_by_side.Side("B", rows_b, metadata_b))
    else:
        crossover_lines = crossover_shifts(rows_a, rows_b)
    differences = [abs(b.speedup - a.speedup) for a, b in pairs]
    figures = {
        "points": len(pairs),
        "moved": sum(d > MOVED for d in differences),
        "max_difference": max(differences, default=0.0),
        "disjoint": sum(not overlap(a, b) for a, b in pairs),
        "only_in_one": len(rows_a) + len(rows_b) - 2 * len(pairs),
    }
    if not pairs:
        verdict = "no point was measured in both runs"
    else:
        agree = figures["moved"] == 0 and figures["disjoint"] == 0
        opening = ("the builds differ, A " + interpreter.words(metadata_a) + ", B " + interpreter.words(metadata_b)
                   if builds_differ else "the runs agree" if agree else "the runs differ")
        verdict = (f"{opening}: {figures['points']} points, "
                   f"{figures['moved']} differ by more than {MOVED}x (largest {figures['max_difference']:.2f}x), "
                   f"{figures['disjoint']} with intervals that do not overlap" + states_clause(rows_a, rows_b))
    return "\n".join(lines + [""] + crossover_lines), verdict, figures


def series(row):
    """The row's mode as its curve is named: "MODE (slow handoff)" for a slow-handoff row."""
    return states.series_name(row.mode, row.state)


def states_clause(rows_a, rows_b):
    """Which GIL-handoff states each run measured and both share, where either measured the slow one."""
    found_a, found_b = states.states_of(rows_a), states.states_of(rows_b)
    if states.SLOW not in found_a + found_b:
        return ""
    shared = [state for state in found_a if state in found_b]
    return (f"; handoff states: A measured {', '.join(found_a) or 'none'}, B {', '.join(found_b) or 'none'}; "
            + (f"compared in {' and '.join(shared)}" if shared else "no state in common: their points near "
               "the knee are not compared"))


def crossover_shifts(rows_a, rows_b):
    """Each mode's 1.5x crossover in both runs, and by what factor it moved."""
    panels_a, panels_b = report.group(rows_a), report.group(rows_b)
    lines = ["| workload | threads | mode | A reaches 1.5x at | B reaches 1.5x at | moved by |",
             "|---|---|---|---|---|---|"]
    for panel in sorted(set(panels_a) & set(panels_b)):
        for mode in sorted(set(panels_a[panel]) & set(panels_b[panel]), key=report.mode_order):
            a, _ = report.crossovers(panels_a[panel][mode], panels_a[panel].get(CEILING, []))
            b, _ = report.crossovers(panels_b[panel][mode], panels_b[panel].get(CEILING, []))
            factor = f"{max(a.x, b.x) / min(a.x, b.x):.2f}x" if a.x and b.x else "—"
            lines.append(f"| {panel[0]} | {panel[1]} | {mode} | {report.fmt_crossing(a)} | {report.fmt_crossing(b)} "
                         f"| {factor} |")
    return lines
