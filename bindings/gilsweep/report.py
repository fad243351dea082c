"""From rows to what people read: the crossover table (summary.md) and the
plot (sweep.png, sweep.svg)."""
import math
import os
import sys
from collections import defaultdict

from .schema import MODES

TARGET_SPEEDUP = 1.5
CEILING_FRACTION = 0.9
STYLE = {  # mode: (colour, line style)
    "python-hold": ("#d62728", "-"), "python-release": ("#1f77b4", "-"), "python-auto": ("#17becf", "--"),
    "ctypes": ("#9467bd", "-."), "pure-python": ("#8c564b", ":"), "processes": ("#ff7f0e", "-"),
    "swift-threads": ("#2ca02c", "-"),
}


def group(rows):
    """{(kernel, threads): {mode: rows sorted by knob}}"""
    panels = defaultdict(lambda: defaultdict(list))
    for row in rows:
        panels[(row.kernel, row.threads)][row.mode].append(row)
    for modes in panels.values():
        for series in modes.values():
            series.sort(key=lambda row: row.knob)
    return panels


def interpolate(lower, upper, level):
    """x where the segment from lower to upper (x, y) reaches y = level, in log x."""
    (x0, y0), (x1, y1) = lower, upper
    if y1 == y0 or x0 <= 0 or x1 <= 0:
        return x1
    t = (level - y0) / (y1 - y0)
    return math.exp(math.log(x0) + t * (math.log(x1) - math.log(x0)))


def crossing(points, level):
    """(x, sustained): the smallest x from which y stays at or above `level`
    for every larger knob, interpolated in log x; points are (x, y) in knob
    order. A single noisy point cannot fake a crossover this way. When the last
    point is below the level but an earlier one reached it, the first x that
    reached it is returned with sustained False; (None, False) if none did."""
    if not points:
        return None, False
    if points[-1][1] < level:
        first = next((index for index, (_, y) in enumerate(points) if y >= level), None)
        if first is None:
            return None, False
        return (points[0][0] if first == 0 else interpolate(points[first - 1], points[first], level)), False
    start = len(points) - 1
    while start > 0 and points[start - 1][1] >= level:
        start -= 1
    return (points[0][0] if start == 0 else interpolate(points[start - 1], points[start], level)), True


def crossovers(series, ceiling):
    """crossing() results at 1.5x and at 90% of the ceiling for one mode's rows."""
    at_target = crossing([(r.per_call_us, r.speedup) for r in series], TARGET_SPEEDUP)
    ceiling_by_knob = {r.knob: r.speedup for r in ceiling}
    fractions = [(r.per_call_us, r.speedup / ceiling_by_knob[r.knob]) for r in series
                 if ceiling_by_knob.get(r.knob, 0) > 0]
    return at_target, crossing(fractions, CEILING_FRACTION) if fractions else (None, False)


def fmt_us(us):
    return f"{us:.3g} µs" if us < 1000 else f"{us / 1000:.3g} ms"


def fmt_crossing(result):
    x, sustained = result
    if x is None:
        return "not reached"
    return fmt_us(x) if sustained else f"{fmt_us(x)} (not sustained)"


def summary_markdown(rows, metadata, complete):
    lines = ["# gilsweep sweep summary", ""]
    if not complete:
        lines += ["**Partial**: the sweep was interrupted; these rows are the ones it finished.", ""]
    if metadata:
        lines += [f"Machine: {metadata.get('cpu_model')}, {metadata.get('cores')} cores; "
                  f"Python {metadata.get('python_version')} (GIL {'on' if metadata.get('gil_enabled', True) else 'off'}); "
                  f"{metadata.get('swift_version') or 'Swift not found'}; started {metadata.get('started')}.",
                  "", f"Command: `{metadata.get('command_line')}`", ""]
    lines += ["Speedup = T_seq / T_par with T threads (ideal T); work = measured sequential time per call. "
              f"Crossovers: the smallest work per call from which the median speedup stays at or above {TARGET_SPEEDUP}x, "
              f"and from which it stays at or above {CEILING_FRACTION:.0%} of the swift-threads ceiling at the same knob "
              "(log-interpolated between measured points; \"not sustained\": reached, then lost again at larger work).", ""]
    for (kernel, threads), modes in sorted(group(rows).items()):
        ceiling = modes.get("swift-threads", [])
        lines += [f"## {kernel}, {threads} threads", "",
                  "| mode | smallest work: speedup | largest work: speedup | best speedup | reaches 1.5x at | reaches 90% of ceiling at |",
                  "|---|---|---|---|---|---|"]
        for mode in sorted(modes, key=lambda m: MODES.index(m) if m in MODES else 99):
            series = modes[mode]
            first, last = series[0], series[-1]
            best = max(series, key=lambda r: r.speedup)
            at_target, at_ceiling = crossovers(series, ceiling)
            lines.append(
                f"| {mode} | {fmt_us(first.per_call_us)}: {first.speedup:.2f}x | {fmt_us(last.per_call_us)}: "
                f"{last.speedup:.2f}x | {best.speedup:.2f}x at {fmt_us(best.per_call_us)} | {fmt_crossing(at_target)} | "
                f"{'(the ceiling)' if mode == 'swift-threads' else fmt_crossing(at_ceiling) if ceiling else 'no ceiling measured'} |")
        lines.append("")
    return "\n".join(lines)


def plot(rows, path_without_extension, title_note=""):
    """sweep.png and sweep.svg; returns the paths written, or [] without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("gilsweep: warning: matplotlib is not installed; no plot (pip install matplotlib)", file=sys.stderr)
        return []
    panels = group(rows)
    if not panels:
        return []
    keys = sorted(panels)
    columns = min(len(keys), 2)
    rows_of_panels = math.ceil(len(keys) / columns)
    figure, axes = plt.subplots(rows_of_panels, columns, figsize=(7.5 * columns, 5 * rows_of_panels), squeeze=False)
    for axis, key in zip(axes.flat, keys):
        kernel, threads = key
        for mode in sorted(panels[key], key=lambda m: MODES.index(m) if m in MODES else 99):
            series = panels[key][mode]
            colour, style = STYLE.get(mode, ("black", "-"))
            x = [r.per_call_us for r in series]
            label = f"{mode} (ceiling)" if mode == "swift-threads" else mode
            axis.plot(x, [r.speedup for r in series], style, color=colour, marker="o", markersize=3,
                      linewidth=2.5 if mode == "swift-threads" else 1.5, label=label)
            axis.fill_between(x, [r.speedup_lo for r in series], [r.speedup_hi for r in series],
                              color=colour, alpha=0.15, linewidth=0)
        axis.axhline(threads, color="grey", linestyle=":", linewidth=1, label=f"ideal ({threads}x)")
        axis.axhline(1.0, color="black", linewidth=0.6)
        axis.set_xscale("log")
        axis.set_xlabel("work per call (µs, measured sequential time per call)")
        axis.set_ylabel(f"speedup with {threads} threads")
        axis.set_title(f"{kernel}: {threads} threads vs 1{title_note}")
        axis.set_ylim(0, threads * 1.15)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8, loc="lower right")
    for axis in list(axes.flat)[len(keys):]:
        axis.set_visible(False)
    figure.tight_layout()
    paths = [path_without_extension + ".png", path_without_extension + ".svg"]
    figure.savefig(paths[0], dpi=120)
    figure.savefig(paths[1])
    plt.close(figure)
    return paths


def write_report(folder, rows, metadata, complete):
    """summary.md and the plots for a results folder; returns the paths written."""
    summary_path = os.path.join(folder, "summary.md")
    with open(summary_path, "w") as out:
        out.write(summary_markdown(rows, metadata, complete))
    note = "" if complete else " (partial)"
    return [summary_path] + plot(rows, os.path.join(folder, "sweep"), note)
