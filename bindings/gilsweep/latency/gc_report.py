"""A GC-pause run's folder: gc-pause.json (everything, each phase's pauses
summed up), gc-pause.csv (a row per point), summary.md and gc-pause.png/.svg.
`gilsweep plot DIR` re-renders all but the JSON from the raw trials: on a GIL
build's Python with matplotlib, where the free-threaded one that measured has
none."""
import csv
import math
import os
from dataclasses import asdict, dataclass

from ..core import figures, interpreter
from ..core.figures import STYLE, mode_order
from ..core.stats import median
from . import phased

KIND = "gc-pause"
FORMAT_VERSION = 1
JSON_NAME = "gc-pause.json"
#: Columns of gc-pause.csv, in order; times in milliseconds unless the name says otherwise.
COLUMNS = ("mode", "meaning", "workload", "knob", "per_call_us", "pause_p50_ms", "pause_p90_ms", "pause_max_ms",
           "longest_ms", "alone_p50_ms", "alone_max_ms", "collections", "clean", "flagged")


@dataclass(frozen=True)
class GcPauseRow:
    mode: str
    meaning: str           # what the mode does in this build: hold, attached, release, detached
    workload: str
    knob: int
    per_call_us: float     # one call of the load, alone (the x axis)
    pause_p50_ms: float    # the victim's median pause next to the load (median over trials)
    pause_p90_ms: float
    pause_max_ms: float    # each trial's longest pause, median over trials
    longest_ms: float      # the longest pause of every clean trial
    alone_p50_ms: float    # the same collections with no load
    alone_max_ms: float
    collections: int       # next to the load, over the trials used
    clean: int
    flagged: int

    def as_dict(self):
        return asdict(self)


assert tuple(GcPauseRow.__dataclass_fields__) == COLUMNS


def analyze(document):
    """Rows for every point with at least one complete trial (clean ones if any)."""
    rows = []
    for point in document["points"]:
        mine = [t for t in document["trials"] if t["point"] == point["id"] and "alone" in t and "loaded" in t]
        clean = [t for t in mine if t.get("capacity_ok", True)]
        used = clean or mine
        if not used:
            continue
        def of(phase, key):
            return [t[phase][key] * 1e3 for t in used]
        rows.append(GcPauseRow(
            mode=point["mode"], meaning=interpreter.meaning(point["mode"], document["machine"]),
            workload=point["workload"],
            knob=point["knob"], per_call_us=point["call_s"] * 1e6, pause_p50_ms=median(of("loaded", "p50_s")),
            pause_p90_ms=median(of("loaded", "p90_s")), pause_max_ms=median(of("loaded", "max_s")),
            longest_ms=max(of("loaded", "max_s")), alone_p50_ms=median(of("alone", "p50_s")),
            alone_max_ms=median(of("alone", "max_s")), collections=sum(t["loaded"]["count"] for t in used),
            clean=len(clean), flagged=len(mine) - len(clean)))
    return rows


def save(folder, document):
    """Writes the JSON, then everything derived from it; returns the paths."""
    return [phased.write_document(folder, JSON_NAME, document)] + render(folder, document)


def is_gc_pause_run(folder):
    return os.path.exists(os.path.join(folder, JSON_NAME))


def load(folder):
    return phased.read_document(folder, JSON_NAME, KIND, FORMAT_VERSION, "GC-pause")


def render(folder, document, plots=True):
    """gc-pause.csv, summary.md and the plot from the raw trials; returns the paths."""
    rows = analyze(document)
    with open(os.path.join(folder, "gc-pause.csv"), "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_dict())
    with open(os.path.join(folder, "summary.md"), "w") as out:
        out.write(summary_markdown(rows, document))
    return ([os.path.join(folder, "gc-pause.csv"), os.path.join(folder, "summary.md")]
            + (plot(rows, os.path.join(folder, "gc-pause"), document) if plots else []))


def fmt_ms(ms):
    return f"{ms * 1e3:.0f} µs" if ms < 1 else f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


#: A mode stays flat when, at every work per call, its median pause next to the load is under
#: FLAT_RATIO times the victim's median pause alone in the same trials.
FLAT_RATIO = 1.5


def ratio(row):
    """The median pause next to the load over the median alone in the same trials."""
    return row.pause_p50_ms / row.alone_p50_ms if row.alone_p50_ms > 0 else math.inf


def stays_flat(series):
    return all(ratio(row) < FLAT_RATIO for row in series)


def label(row):
    return row.mode if row.meaning == row.mode else f"{row.mode} ({row.meaning})"


def reading(rows):
    """What the run's rows show, said from them: per mode, whether its pauses stay flat
    (FLAT_RATIO) and its largest ratio to the pause alone; with two modes or more, the
    largest ratio between two modes' median pauses at the same knob."""
    by_mode = {}
    for row in sorted(rows, key=lambda r: (mode_order(r.mode), r.knob)):
        by_mode.setdefault(row.mode, []).append(row)
    if not by_mode:
        return "No point has a complete trial: there is nothing to read."
    parts = []
    for series in by_mode.values():
        top = max(series, key=ratio)
        figures = (f"{ratio(top):.3g}x ({fmt_ms(top.pause_p50_ms)} against {fmt_ms(top.alone_p50_ms)} alone, "
                   f"next to calls of {fmt_ms(top.per_call_us / 1e3)})")
        parts.append(f"{label(top)} stays flat, at most {figures}" if stays_flat(series)
                     else f"{label(top)} does not stay flat, up to {figures}")
    text = (f"Read from this run (a mode stays flat when its median pause next to the load is under {FLAT_RATIO:g}x "
            "its median alone in the same trials at every size): " + "; ".join(parts) + ".")
    gaps = []
    for knob in sorted({row.knob for row in rows}):
        at = [row for row in rows if row.knob == knob]
        high, low = max(at, key=lambda r: r.pause_p50_ms), min(at, key=lambda r: r.pause_p50_ms)
        if len(at) > 1 and low.pause_p50_ms > 0:
            gaps.append((high.pause_p50_ms / low.pause_p50_ms, high, low))
    if gaps:
        gap, high, low = max(gaps, key=lambda g: g[0])
        text += (f" Between the modes: {high.mode}'s median pause is up to {gap:.3g}x {low.mode}'s at the same "
                 f"knob ({high.knob}; calls of {fmt_ms(high.per_call_us / 1e3)}).")
    return text


def summary_markdown(rows, document):
    machine, config = document["machine"], document["config"]
    without = interpreter.without_gil(machine)
    lines = ["# gilsweep gc-pause summary", "",
             f"Machine: {machine.get('cpu_model')}, {machine.get('cores')} cores; "
             f"Python {machine.get('python_version')} ({interpreter.words(machine)}); started {machine.get('started')}."
             + ("" if document.get("complete", True) else " **Partial**: the run was interrupted."),
             f"Load: {config['workers']} worker thread(s) calling `{config['workload']}` back to back; the victim "
             f"(another thread, on its own core) runs gc.collect() again and again, at least {config['phase_s']:g} s "
             f"and {config['min_collections']} times a phase, alone and next to the load, {config['repeats']} "
             "interleaved trials per point.",
             ("No GIL: a collection stops the world, and waits for every thread attached to the interpreter. "
              "python-hold's calls stay attached, python-release's detach." if without else
              "With a GIL, a collection stops no other thread, but the thread that collects needs the GIL, and "
              "its timed collection takes in any wait for it (the wait `gilsweep latency` measures)."),
             reading(rows),
             f"{sum(r.flagged for r in rows)} trials flagged (too few cores) and left out.", "",
             "| mode | knob | call | pause p50 | p90 | longest per trial (median) | longest of all | alone p50 "
             "| alone longest | clean |", "|---|---|---|---|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (mode_order(r.mode), r.knob)):
        lines.append(f"| {label(row)} | {row.knob} | {fmt_ms(row.per_call_us / 1e3)} | {fmt_ms(row.pause_p50_ms)} "
                     f"| {fmt_ms(row.pause_p90_ms)} | {fmt_ms(row.pause_max_ms)} | {fmt_ms(row.longest_ms)} "
                     f"| {fmt_ms(row.alone_p50_ms)} | {fmt_ms(row.alone_max_ms)} | {row.clean} |")
    if document.get("skipped"):
        lines += ["", "Not measured (one call takes too long for a phase): " + ", ".join(
            f"{s['mode']} at {s['knob']} ({s['call_s']:.2f} s)" for s in document["skipped"]) + "."]
    return "\n".join(lines) + "\n"


def plot(rows, path_without_extension, document):
    """One panel: each mode's pauses (median solid, longest per trial dashed)
    against work per call, the victim's median alone in grey, and a line at one call.
    [] without matplotlib or rows."""
    plt = figures.pyplot() if rows else None
    if plt is None:
        return []
    figure, axis = plt.subplots(figsize=(8.5, 6))
    by_mode = {}
    for row in sorted(rows, key=lambda r: r.per_call_us):
        by_mode.setdefault(row.mode, []).append(row)
    for mode, series in sorted(by_mode.items(), key=lambda item: mode_order(item[0])):
        colour = STYLE.get(mode, ("black", "-"))[0]
        x = [r.per_call_us for r in series]
        name = mode if series[0].meaning == mode else f"{mode} ({series[0].meaning})"
        axis.plot(x, [r.pause_p50_ms for r in series], "-o", color=colour, markersize=4, label=f"{name}: median pause")
        axis.plot(x, [r.pause_max_ms for r in series], "--", color=colour, label=f"{name}: longest per trial")
    for index, series in enumerate(by_mode.values()):
        axis.plot([r.per_call_us for r in series], [r.alone_p50_ms for r in series], ":", color="grey",
                  label="no load: median pause" if index == 0 else None)
    xs = sorted(r.per_call_us for r in rows)
    axis.plot(xs, [x / 1e3 for x in xs], color="black", linewidth=0.6, alpha=0.5, label="one call")
    lowest = min(min(r.pause_p50_ms, r.alone_p50_ms) for r in rows)
    axis.set_ylim(bottom=lowest / 2)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("work per call of the load (µs, measured alone)")
    axis.set_ylabel("gc.collect() pause seen by another thread (ms)")
    machine = document["machine"]
    axis.set_title(f"GC pause next to {document['config']['workers']} thread(s) calling "
                   f"{document['config']['workload']}: Python {machine.get('python_version')}, "
                   f"{interpreter.words(machine)}",
                   fontsize=10)
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8, loc="upper left", frameon=False)
    return figures.save(figure, path_without_extension, dpi=120)
