"""A latency run's folder: latency.json (everything, raw trials included),
latency.csv (one row per point), summary.md and latency.png/.svg. `gilsweep
plot` re-renders all but the JSON from the raw trials; `gilsweep compare`
reads two folders."""
import csv
import os
from collections import defaultdict

from ..core import figures, interpreter
from ..core.figures import STYLE, mode_order
from ..core.metadata import ResultsError
from . import analysis, phased

KIND = "latency"
FORMAT_VERSION = 1
JSON_NAME = "latency.json"


def save(folder, document):
    """Writes latency.json, then everything derived from it; returns the paths."""
    return [phased.write_document(folder, JSON_NAME, document)] + render(folder, document)


def load(folder):
    return phased.read_document(folder, JSON_NAME, KIND, FORMAT_VERSION, "latency")


def is_latency_run(folder):
    return os.path.exists(os.path.join(folder, JSON_NAME))


def render(folder, document, plots=True):
    rows = analysis.analyze(document["points"], document["trials"])
    with open(os.path.join(folder, "latency.csv"), "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=analysis.COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_dict())
    with open(os.path.join(folder, "summary.md"), "w") as out:
        out.write(summary_markdown(rows, document))
    return ([os.path.join(folder, "latency.csv"), os.path.join(folder, "summary.md")]
            + (plot(rows, os.path.join(folder, "latency"), document) if plots else []))


def fmt_ms(ms):
    return f"{ms * 1e3:.0f} µs" if ms < 1 else f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def summary_markdown(rows, document):
    machine, config = document["machine"], document["config"]
    unstable = sum(row.unstable for row in rows)
    lines = ["# gilsweep latency summary", "",
             f"Machine: {machine.get('cpu_model')}, {machine.get('cores')} cores; "
             f"Python {machine.get('python_version')} ({interpreter.words(machine)}); "
             f"started {machine.get('started')}.",
             f"Load: {config['workers']} worker(s) calling `{config['workload']}` back to back; the victim: sleeps of "
             f"1 ms (lateness) and 16-byte loopback round trips (I/O), {config['phase_s']:g} s each, alone and next "
             f"to the load, {config['repeats']} interleaved trials per point.",
             f"{len(rows) - unstable} of {len(rows)} points stable; {sum(r.flagged for r in rows)} trials flagged "
             "(host stall or too few cores) and left out.", ""]
    for switch_ms in sorted({row.switch_ms for row in rows}):
        lines += [f"## Switch interval {switch_ms:g} ms", "",
                  "| mode | knob | call | victim late p50 | p90 | alone p50 | I/O next to the load / alone "
                  "| round trip p50 | clean |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for row in sorted((r for r in rows if r.switch_ms == switch_ms), key=lambda r: (mode_order(r.mode), r.knob)):
            mark = " ~" if row.unstable else ""
            lines.append(f"| {row.mode} | {row.knob} | {fmt_ms(row.per_call_us / 1e3)} | {fmt_ms(row.late_p50_ms)} | "
                         f"{fmt_ms(row.late_p90_ms)} | {fmt_ms(row.alone_late_p50_ms)} | {row.io_ratio:.3f}{mark} "
                         f"({row.io_rate:,.0f}/s vs {row.alone_io_rate:,.0f}/s) | {fmt_ms(row.trip_p50_ms)} "
                         f"| {row.clean} |")
        lines.append("")
    if document.get("skipped"):
        lines.append("Not measured (one call takes longer than 0.1 s): " + ", ".join(
            f"{s['mode']} at {s['knob']} ({s['call_s']:.2f} s)" for s in document["skipped"]) + ".")
        lines.append("")
    lines.append("`~`: unstable (fewer than 3 clean trials, or the trials' I/O ratios spread wide).")
    return "\n".join(lines) + "\n"


def plot(rows, path_without_extension, document):
    """Two panels: the victim's lateness (p50 solid, p90 dashed) and its I/O rate
    next to the load over alone, against work per call. [] without matplotlib."""
    plt = figures.pyplot()
    if plt is None:
        return []
    if not rows:
        return []
    series = defaultdict(list)
    for row in sorted(rows, key=lambda r: r.per_call_us):
        series[(row.mode, row.switch_ms)].append(row)
    switches = sorted({row.switch_ms for row in rows})
    figure, (late_axis, io_axis) = plt.subplots(1, 2, figsize=(15, 6.5))
    for (mode, switch_ms), points in sorted(series.items(), key=lambda kv: (mode_order(kv[0][0]), kv[0][1])):
        colour = STYLE.get(mode, ("black", "-"))[0]
        faint = 1.0 if switch_ms == switches[-1] else 0.55
        label = mode if len(switches) == 1 else f"{mode}, switch {switch_ms:g} ms"
        x = [p.per_call_us for p in points]
        late_axis.plot(x, [p.late_p50_ms for p in points], "-o", color=colour, alpha=faint, markersize=3, label=label)
        late_axis.plot(x, [p.late_p90_ms for p in points], "--", color=colour, alpha=faint * 0.7)
        io_axis.plot(x, [p.io_ratio for p in points], "-o", color=colour, alpha=faint, markersize=3, label=label)
    for switch_ms in switches:
        late_axis.axhline(switch_ms, color="grey", linestyle=":", linewidth=1)
        late_axis.text(late_axis.get_xlim()[0], switch_ms, f" switch interval {switch_ms:g} ms", fontsize=7,
                       color="grey", va="bottom")
    late_axis.set(xscale="log", yscale="log", xlabel="work per call of the load (µs)",
                  ylabel="victim's lateness after a 1 ms sleep (ms; solid p50, dashed p90)",
                  title="How late another thread runs")
    io_axis.set(xscale="log", yscale="log", ylim=(1e-3, 1.5), xlabel="work per call of the load (µs)",
                ylabel="victim's loopback round trips per second, next to the load / alone (log)",
                title="The convoy: another thread's blocking I/O")
    io_axis.axhline(1.0, color="black", linewidth=0.6)
    for axis in (late_axis, io_axis):
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8, loc="best")
    machine = document["machine"]
    figure.suptitle(f"gilsweep latency: {document['config']['workers']} worker(s), "
                    f"Python {machine.get('python_version')}, {machine.get('cores')} cores "
                    f"({machine.get('cpu_model')})", fontsize=10)
    return figures.save(figure, path_without_extension, dpi=110)


def rows_by_point(folder):
    """A latency folder's rows, recomputed from its raw trials, by (mode, workload, knob, switch_ms)."""
    document = load(folder)
    rows = analysis.analyze(document["points"], document["trials"])
    return {(r.mode, r.workload, r.knob, r.switch_ms): r for r in rows}


def compare(folder_a, folder_b):
    """(table, the last line) of two latency runs point by point: the victim's I/O
    ratio and median lateness, and how many points moved by more than 0.2x in
    the I/O ratio and by more than a fifth in the median lateness."""
    rows_a, rows_b = rows_by_point(folder_a), rows_by_point(folder_b)
    common = sorted(set(rows_a) & set(rows_b), key=lambda k: (mode_order(k[0]), k[1], k[2], k[3]))
    if not common:
        raise ResultsError(f"{folder_a} and {folder_b} share no point")
    lines = ["| mode | knob | switch | I/O ratio A | I/O ratio B | diff | late p50 A | late p50 B |",
             "|---|---|---|---|---|---|---|---|"]
    moved = 0
    for key in common:
        a, b = rows_a[key], rows_b[key]
        diff = b.io_ratio - a.io_ratio
        moved += abs(diff) > 0.2
        lines.append(f"| {key[0]} | {key[2]} | {key[3]:g} ms | {a.io_ratio:.3f} | {b.io_ratio:.3f} | "
                     f"{diff:+.3f}{' !' if abs(diff) > 0.2 else ''} | {fmt_ms(a.late_p50_ms)} "
                     f"| {fmt_ms(b.late_p50_ms)} |")
    # Lateness spans orders of magnitude across modes (docs/latency.md), so its moves are relative.
    late_moves = [rows_b[k].late_p50_ms / rows_a[k].late_p50_ms - 1 for k in common if rows_a[k].late_p50_ms > 0]
    late_moved = sum(abs(move) > 0.2 for move in late_moves)
    last = (f"{moved} of {len(common)} points ({moved / len(common):.0%}) moved by more than 0.2x in the victim's I/O "
            f"ratio; the largest move {max(abs(rows_b[k].io_ratio - rows_a[k].io_ratio) for k in common):.3f}; "
            f"{late_moved} of {len(late_moves)} moved by more than a fifth in its median lateness"
            + (f", the largest by {max(abs(m) for m in late_moves):.0%}" if late_moves else ""))
    return "\n".join(lines), last
