"""A GIL run and a free-threaded run of the same sweep on one figure: each
mode's two curves in a panel of its own (Beazley's slide after PEP 703), and
the table of where each build reaches 1.5x. `gilsweep compare A B --out DIR`
and `gilsweep plot A B` write them; any two runs work, the labels say which
build each is."""
import math
import os

from ..core import figures, interpreter
from ..core.modes import CEILING
from . import report

#: Each run's colour and line style: the first run (A) solid, the second dashed.
RUN_STYLES = (("#1f77b4", "-"), ("#ff7f0e", "--"))


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
            series = side.panels[(workload, threads)][mode]
            crossing, _ = report.crossovers(series, side.panels[(workload, threads)].get(CEILING, []))
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
    series = side.panels[(workload, threads)][mode]
    crossing, _ = report.crossovers(series, side.panels[(workload, threads)].get(CEILING, []))
    x = [r.per_call_us for r in series]
    y = [r.speedup for r in series]
    axis.plot(x, y, style, color=colour, linewidth=1.5,
              label=f"{side.name}, {side.mode_label(mode)} ({interpreter.short(side.metadata)}): 1.5x "
                    + report.fmt_crossing(crossing).split(" (")[0])
    axis.errorbar(x, y, yerr=[[r.speedup - r.ci_lo for r in series], [r.ci_hi - r.speedup for r in series]],
                  fmt="none", ecolor=colour, elinewidth=0.8, capsize=1.5, alpha=0.6)
    hollow = [r.key() in side.unstable for r in series]
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
