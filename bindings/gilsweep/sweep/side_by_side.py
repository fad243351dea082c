"""Two runs side by side, recomputed from their raw windows: the point-by-point
table and one-line verdict `gilsweep compare A B` prints, each mode's crossover in
both; and the figure, each mode's two curves in a panel of its own (Beazley's slide
after PEP 703, a GIL run beside a free-threaded one). `gilsweep compare A B --out
DIR` and `gilsweep plot A B` write the table and the figure; any two runs work, the
labels say which build each is."""
import math
import os

from ..core import figures, interpreter, states
from ..core.modes import CEILING
from . import report

#: A difference larger than this between two runs' median speedups is a moved point.
MOVED = 0.2
#: Each run's colour and line style: the first run (A) solid, the second dashed.
RUN_STYLES = (("#1f77b4", "-"), ("#ff7f0e", "--"))


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
    """(markdown table, verdict line, its counts) for the points both runs measured.
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
    builds_differ = bool(metadata_a and metadata_b) and different_builds(metadata_a, metadata_b)
    if builds_differ:
        crossover_lines = crossover_table(Side("A", rows_a, metadata_a), Side("B", rows_b, metadata_b))
    else:
        crossover_lines = crossover_shifts(rows_a, rows_b)
    differences = [abs(b.speedup - a.speedup) for a, b in pairs]
    counts = {
        "points": len(pairs),
        "moved": sum(d > MOVED for d in differences),
        "max_difference": max(differences, default=0.0),
        "disjoint": sum(not overlap(a, b) for a, b in pairs),
        "only_in_one": len(rows_a) + len(rows_b) - 2 * len(pairs),
    }
    if not pairs:
        verdict = "no point was measured in both runs"
    else:
        agree = counts["moved"] == 0 and counts["disjoint"] == 0
        opening = ("the builds differ, A " + interpreter.words(metadata_a) + ", B " + interpreter.words(metadata_b)
                   if builds_differ else "the runs agree" if agree else "the runs differ")
        verdict = (f"{opening}: {counts['points']} points, "
                   f"{counts['moved']} differ by more than {MOVED}x (largest {counts['max_difference']:.2f}x), "
                   f"{counts['disjoint']} with intervals that do not overlap" + states_clause(rows_a, rows_b))
    return "\n".join(lines + [""] + crossover_lines), verdict, counts


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


class Side:
    """One run as the figure and the table need it."""

    def __init__(self, name, rows, metadata, unstable=frozenset(), trust=None):
        self.name, self.rows, self.metadata, self.unstable, self.trust = name, rows, metadata, unstable, trust
        self.panels = report.group(rows)

    @property
    def label(self):
        """"A: GIL on, Python 3.11.7"."""
        return f"{self.name}: {interpreter.words(self.metadata)}, Python {self.metadata.get('python_version', '?')}"

    def mode_label(self, mode):
        """The mode as this build runs it: hold, attached, release, detached, or its own name."""
        return interpreter.meaning(mode, self.metadata)


def different_builds(metadata_a, metadata_b):
    """True when one run had a GIL and the other did not."""
    return interpreter.without_gil(metadata_a) != interpreter.without_gil(metadata_b)


def mode_title(mode, sides):
    meanings = list(dict.fromkeys(side.mode_label(mode) for side in sides))
    return mode if meanings == [mode] else f"{mode}: {' / '.join(meanings)}"


def shared_panels(a, b):
    """[(workload, threads, mode)] measured by both runs, in table order."""
    keys = []
    for panel in sorted(set(a.panels) & set(b.panels)):
        modes = set(a.panels[panel]) & set(b.panels[panel])
        keys += [(panel[0], panel[1], mode) for mode in sorted(modes, key=report.mode_order)]
    return keys


def crossover_table(a, b):
    """Markdown lines: per mode, where each run reaches 1.5x, and its speedup at the largest work."""
    lines = [f"| workload | threads | mode | {a.name} reaches 1.5x at | {b.name} reaches 1.5x at "
             f"| {a.name} at the largest work | {b.name} at the largest work |", "|---|---|---|---|---|---|---|"]
    for workload, threads, mode in shared_panels(a, b):
        cells = []
        for side in (a, b):
            curve = side.panels[(workload, threads)][mode]
            crossing, _ = report.crossovers(curve, side.panels[(workload, threads)].get(CEILING, []))
            cells.append(report.fmt_crossing(crossing))
        largest = [f"{side.panels[(workload, threads)][mode][-1].speedup:.2f}x at "
                   f"{report.fmt_us(side.panels[(workload, threads)][mode][-1].per_call_us)}" for side in (a, b)]
        lines.append(f"| {workload} | {threads} | {mode_title(mode, (a, b))} | {cells[0]} | {cells[1]} "
                     f"| {largest[0]} | {largest[1]} |")
    return [f"{a.label}; {b.label}.", ""] + lines


def plot(a, b, path_without_extension):
    """PATH.png and PATH.svg: a panel per (workload, threads, mode) with both
    runs' curves; returns the paths, or [] without matplotlib or shared points."""
    keys = shared_panels(a, b)
    plt = figures.pyplot() if keys else None
    if plt is None:
        return []
    columns = min(len(keys), 4)
    rows_of_panels = math.ceil(len(keys) / columns)
    figure, axes = plt.subplots(rows_of_panels, columns, figsize=(4.2 * columns, 3.6 * rows_of_panels + 1.0),
                                squeeze=False, sharey=True)
    for axis, (workload, threads, mode) in zip(axes.flat, keys):
        for side, (colour, style) in zip((a, b), RUN_STYLES):
            draw_curve(axis, side, workload, threads, mode, colour, style)
        axis.axhline(threads, color="grey", linestyle=":", linewidth=1)
        axis.axhline(report.TARGET_SPEEDUP, color="grey", linestyle="--", linewidth=0.6)
        axis.axhline(1.0, color="black", linewidth=0.6)
        axis.set_xscale("log")
        axis.set_ylim(0, threads * 1.15)
        axis.grid(True, which="both", alpha=0.3)
        axis.set_title(f"{mode_title(mode, (a, b))}" + (f" ({workload}, {threads} threads)" if len(
            {(w, t) for w, t, _ in keys}) > 1 else ""), fontsize=10)
        axis.set_xlabel("work per call (µs)", fontsize=8)
        axis.tick_params(labelsize=7)
        axis.legend(fontsize=6.5, loc="upper left", frameon=False)
    for axis in list(axes.flat)[len(keys):]:
        axis.set_visible(False)
    for axis in axes[:, 0]:
        axis.set_ylabel("speedup, 2 threads vs 1" if keys[0][1] == 2 else "speedup, T threads vs 1", fontsize=8)
    runs = "; ".join(f"{side.label} ({style})" + (f", {side.trust.word}" if side.trust else "")
                     for side, style in ((a, "solid"), (b, "dashed")))
    figure.suptitle(report.wrap(runs, 50 * columns) + "\ngrey lines: 1.5x (dashed), ideal (dotted)", fontsize=9,
                    fontweight="bold")
    return figures.save(figure, path_without_extension, dpi=110)


def draw_curve(axis, side, workload, threads, mode, colour, style):
    curve = side.panels[(workload, threads)][mode]
    crossing, _ = report.crossovers(curve, side.panels[(workload, threads)].get(CEILING, []))
    x = [r.per_call_us for r in curve]
    y = [r.speedup for r in curve]
    axis.plot(x, y, style, color=colour, linewidth=1.5,
              label=f"{side.name}, {side.mode_label(mode)} ({interpreter.short(side.metadata)}): 1.5x "
                    + report.fmt_crossing(crossing).split(" (")[0])
    axis.errorbar(x, y, yerr=[[r.speedup - r.ci_lo for r in curve], [r.ci_hi - r.speedup for r in curve]],
                  fmt="none", ecolor=colour, elinewidth=0.8, capsize=1.5, alpha=0.6)
    hollow = [r.key() in side.unstable for r in curve]
    axis.scatter([xi for xi, h in zip(x, hollow) if not h], [yi for yi, h in zip(y, hollow) if not h], s=9,
                 color=colour, zorder=3)
    axis.scatter([xi for xi, h in zip(x, hollow) if h], [yi for yi, h in zip(y, hollow) if h], s=14,
                 facecolors="white", edgecolors=colour, zorder=3)


def write(a, b, out, plots=True):
    """side-by-side.md (the crossover table) and, with plots, side-by-side.png/.svg in folder out;
    returns the paths."""
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "side-by-side.md")
    with open(path, "w") as table:
        table.write("# Two builds side by side\n\n" + "\n".join(crossover_table(a, b)) + "\n")
    return [path] + (plot(a, b, os.path.join(out, "side-by-side")) if plots else [])
