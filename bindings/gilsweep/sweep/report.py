"""From rows to what people read: the crossover table (summary.md) and the
plot (sweep.png, sweep.svg)."""
import math
import os
import textwrap
from collections import defaultdict

from ..core import figures, interpreter, states, weather
from ..core.figures import STYLE, mode_order  # noqa: F401  (the report's public names)
from ..core.modes import BATCH_OF, CEILING, PYTHON_HOLD
from . import analysis, verdict
from .analysis import Crossing, crossing

TARGET_SPEEDUP = 1.5
CEILING_FRACTION = 0.9


def group(rows):
    """{(workload, threads): {curve: rows sorted by knob}}: a curve per mode, and
    per handoff state for a mode measured in more than one (states.series: named
    "MODE (slow handoff)" in the slow state)."""
    panels = defaultdict(dict)
    for (workload, threads, name), series in states.series(rows).items():
        panels[(workload, threads)][name] = sorted(series, key=lambda row: row.knob)
    return panels


def crossovers(series, ceiling):
    """Crossings of 1.5x and of 90% of the ceiling (at the same knob) for one mode's rows."""
    at_target = crossing([(r.per_call_us, r.speedup, r.ci_lo, r.ci_hi) for r in series], TARGET_SPEEDUP,
                         [max(r.clean, 1) for r in series])
    ceiling_by_knob = {r.knob: r.speedup for r in ceiling}
    shared = [r for r in series if ceiling_by_knob.get(r.knob, 0) > 0]
    fractions = [(r.per_call_us, r.speedup / ceiling_by_knob[r.knob], r.ci_lo / ceiling_by_knob[r.knob],
                  r.ci_hi / ceiling_by_knob[r.knob]) for r in shared]
    if not fractions:
        return at_target, Crossing()
    return at_target, crossing(fractions, CEILING_FRACTION, [max(r.clean, 1) for r in shared])


def states_sentence(rows):
    """What a run measured in the slow GIL-handoff state means for its tables, or ""."""
    if states.SLOW not in states.states_of(rows):
        return ""
    return (" A mode named \"(slow handoff)\" is its curve from the trials measured while the host handed the "
            "GIL between threads slowly; the plain name is its curve in the normal state. Both share the points "
            "the handoff does not touch (docs/method.md, \"An answer per machine state\").")


def fmt_us(us):
    return f"{us:.3g} µs" if us < 1000 else f"{us / 1000:.3g} ms"


def fmt_crossing(result):
    """The crossing as "X µs (LOW–HIGH)", the range from the intervals; "from the smallest"; "not reached"."""
    if result.x is None:
        return "not reached"
    if result.first:
        text = "from the smallest"
    else:
        upper = fmt_us(result.high) if result.high is not None else "beyond"
        text = f"{fmt_us(result.x)} ({fmt_us(result.low)}–{upper})"
    return text if result.sustained else f"{text} (not sustained)"


def fmt_speedup(row, unstable):
    mark = " ~" if row.key() in unstable else ""
    return f"{row.speedup:.2f}x [{row.ci_lo:.2f}, {row.ci_hi:.2f}]{mark}"


#: python-hold above this, its whole interval above 1.0, gets a note under the table.
TURNS_NOTE_FROM = 1.05


def turn_taking_note(hold, metadata):
    """Lines that say why python-hold reads above 1.0x at a point, if it does with
    the GIL on: a reader would take it for parallel work, and it is not."""
    high = [r for r in hold if r.speedup > TURNS_NOTE_FROM and r.ci_lo > 1.0]
    if not high or interpreter.without_gil(metadata or {}):
        return []
    top = max(high, key=lambda r: r.speedup)
    return ["", f"{PYTHON_HOLD} reads up to {top.speedup:.2f}x (at {fmt_us(top.per_call_us)} a call), yet its "
            "threads hold the GIL and never run a call at the same time: at such small calls two threads taking "
            "turns can run the same instructions faster than one thread alone (docs/method.md, \"Two threads "
            "taking turns\"). python-auto below its threshold holds the GIL too."]


def made_by(metadata):
    """", measured by gilsweep 0.1.0 at commit 1a2b3c" where the run recorded them."""
    version, commit = metadata.get("gilsweep_version"), metadata.get("git_commit")
    if not version:
        return ""
    return f", measured by gilsweep {version}" + (f" at commit {commit}" if commit else "")


def summary_markdown(rows, metadata, complete, unstable=frozenset(), noise=None, verdicts=None, trust=None):
    """The summary: the trust verdict (verdict.Verdict) first, machine, method,
    noise counts, crossovers per mode, and every point; with `verdicts` ({knob:
    probe verdict}, a foreign callable's), a GIL column. An untrustworthy run's
    tables each say so in their heading."""
    lines = [f"**{trust.word}**: {trust.reason}" + (f". {trust.advice}." if trust.advice else "."), ""] if trust else []
    lines += ["# gilsweep sweep summary", ""]
    caveat = " (untrustworthy: not an answer)" if trust and not trust.trustworthy else ""
    if not complete:
        lines += ["**Partial**: the sweep was interrupted; these points are estimated from the trials it finished.", ""]
    if metadata:
        lines += [f"Machine: {metadata.get('cpu_model')}, {metadata.get('cores')} cores; "
                  f"Python {metadata.get('python_version')} ({interpreter.words(metadata)}); "
                  f"{metadata.get('swift_version') or 'Swift not found'}; started {metadata.get('started')}."
                  f"{interpreter.note(metadata)}",
                  "", f"Command: `{metadata.get('command_line')}`" + made_by(metadata), ""]
    if noise:
        lines += [verdict.paragraph(noise), ""]
    lines += ["Speedup = T_seq / T_par, each the lower quartile of the clean trials (noise only slows a window), "
              "with its 95% bootstrap interval; "
              "work = measured sequential time per call. "
              f"Crossovers: the work per call at which the speedup reaches {TARGET_SPEEDUP}x, "
              f"and {CEILING_FRACTION:.0%} "
              f"of the {CEILING} ceiling at the same knob, read off the best non-decreasing fit of the points "
              "(log-interpolated; in brackets the same for the intervals' upper and lower ends; "
              "\"not sustained\": a later point lies wholly below the level). "
              "`~` marks an unstable point (fewer than 5 clean trials, or an interval wider than ±0.15x)."
              + states_sentence(rows), ""]
    for (workload, threads), by_mode in sorted(group(rows).items()):
        ceiling = by_mode.get(CEILING, [])
        ordered = sorted(by_mode, key=mode_order)
        lines += [f"## {workload}, {threads} threads{caveat}", "",
                  "| mode | smallest work: speedup | largest work: speedup | reaches 1.5x at "
                  "| reaches 90% of ceiling at |",
                  "|---|---|---|---|---|"]
        for mode in ordered:
            series = by_mode[mode]
            first, last = series[0], series[-1]
            at_target, at_ceiling = crossovers(series, ceiling)
            against_ceiling = ("(the ceiling)" if mode == CEILING else fmt_crossing(at_ceiling) if ceiling
                               else "no ceiling measured")
            lines.append(
                f"| {mode} | {fmt_us(first.per_call_us)}: {first.speedup:.2f}x | {fmt_us(last.per_call_us)}: "
                f"{last.speedup:.2f}x | {fmt_crossing(at_target)} | "
                f"{against_ceiling} |")
        lines += turn_taking_note(by_mode.get(PYTHON_HOLD, []), metadata)
        if workload in BATCH_OF:
            largest = {mode: by_mode[mode][-1] for mode in ordered}
            lines += ["", "Work per item (the knob counts items per call), at the largest batch: " + "; ".join(
                f"{mode} {fmt_us(row.per_call_us / row.knob)}" for mode, row in largest.items()) + "."]
        no_gil = interpreter.without_gil(metadata or {})
        gil = [("in parallel? (gilsweep probe)" if no_gil else "GIL (gilsweep probe)")] \
            if verdicts else []
        lines += ["", f"Every point{caveat} (speedup [95% interval] at work per call; clean trials / measured):", "",
                  "| knob | " + " | ".join(gil + ordered) + " |", "|---" * (len(gil + ordered) + 1) + "|"]
        knobs = sorted({row.knob for series in by_mode.values() for row in series})
        for knob in knobs:
            cells = []
            for mode in ordered:
                row = next((r for r in by_mode[mode] if r.knob == knob), None)
                cells.append("—" if row is None else
                             f"{fmt_speedup(row, unstable)} at {fmt_us(row.per_call_us)} ({row.clean}/{row.repeats})")
            if verdicts:
                probed = verdicts.get(str(knob))
                cells.insert(0, "—" if probed is None else
                             f"{probed['verdict']} ({probed['agree']}/{probed['trials']})")
            lines.append(f"| {knob} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def plot(rows, path_without_extension, title_note="", unstable=frozenset(), trust=None, timeline=()):
    """sweep.png and sweep.svg; returns the paths written, or [] without matplotlib.
    Error bars are the 95% intervals; unstable points are drawn hollow. The
    figure's title is the trust verdict (an untrustworthy run's panels also
    carry the word across them), and a strip under the panels shows the
    machine's capacity over the run (the timeline of canary readings)."""
    plt = figures.pyplot()
    if plt is None:
        return []
    panels = group(rows)
    if not panels:
        return []
    keys = sorted(panels)
    columns = min(len(keys), 2)
    rows_of_panels = math.ceil(len(keys) / columns)
    strip = bool(timeline)
    figure = plt.figure(figsize=(7.5 * columns, 6 * rows_of_panels + (1.6 if strip else 0) + (0.5 if trust else 0)))
    grid = figure.add_gridspec(rows_of_panels + strip, columns,
                               height_ratios=[6] * rows_of_panels + ([1.1] if strip else []))
    axes = [figure.add_subplot(grid[index // columns, index % columns]) for index in range(len(keys))]
    for axis, key in zip(axes, keys):
        draw_panel(axis, key, panels[key], title_note, unstable)
        if trust and not trust.trustworthy:
            axis.text(0.5, 0.5, "UNTRUSTWORTHY", transform=axis.transAxes, fontsize=34, color="#d62728", alpha=0.18,
                      ha="center", va="center", rotation=20, zorder=0)
    if strip:
        draw_weather(figure.add_subplot(grid[rows_of_panels, :]), timeline)
    if trust:
        figure.suptitle(wrap(f"{trust.word.upper()}: {trust.reason}", 95 * columns), fontsize=9, fontweight="bold",
                        color="#2ca02c" if trust.trustworthy else "#d62728")
    return figures.save(figure, path_without_extension, dpi=120)


def wrap(text, width):
    return "\n".join(textwrap.wrap(text, width))


def draw_panel(axis, key, by_mode, title_note, unstable):
    workload, threads = key
    for mode in sorted(by_mode, key=mode_order):
        series = by_mode[mode]
        plain, state = states.split(mode)
        colour, style = STYLE.get(plain, ("black", "-"))
        if state == states.SLOW:  # the same mode's other curve: its colour, dashed, triangles
            style = "--"
        x = [r.per_call_us for r in series]
        y = [r.speedup for r in series]
        label = f"{mode} (ceiling)" if mode == CEILING else mode
        axis.plot(x, y, style, color=colour, linewidth=2.5 if mode == CEILING else 1.5, label=label,
                  marker="^" if state == states.SLOW else None, markersize=5)
        axis.errorbar(x, y, yerr=[[r.speedup - r.ci_lo for r in series], [r.ci_hi - r.speedup for r in series]],
                      fmt="none", ecolor=colour, elinewidth=1, capsize=2, alpha=0.7)
        hollow = [r.key() in unstable for r in series]
        axis.scatter([xi for xi, h in zip(x, hollow) if not h], [yi for yi, h in zip(y, hollow) if not h],
                     s=14, color=colour, zorder=3)
        axis.scatter([xi for xi, h in zip(x, hollow) if h], [yi for yi, h in zip(y, hollow) if h],
                     s=22, facecolors="white", edgecolors=colour, zorder=3)
    axis.axhline(threads, color="grey", linestyle=":", linewidth=1, label=f"ideal ({threads}x)")
    axis.axhline(1.0, color="black", linewidth=0.6)
    axis.set_xscale("log")
    axis.set_xlabel("work per call (µs, measured sequential time per call)")
    axis.set_ylabel(f"speedup with {threads} threads (95% interval; hollow: unstable)")
    axis.set_title(f"{workload}: {threads} threads vs 1{title_note}")
    axis.set_ylim(0, threads * 1.15)
    axis.grid(True, which="both", alpha=0.3)
    # Below the axes, not on them: the curves reach every corner (the Dask modes the lower right).
    axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, frameon=False)


def draw_weather(axis, timeline):
    """The machine over the run: each canary reading's capacity against time,
    green where it delivered T cores, red where not, grey shading where the run waited."""
    t0 = min(weather.moment(r) for r in timeline)
    minutes = [(weather.moment(r) - t0) / 60 for r in timeline]
    capacity = [r["capacity"] for r in timeline]
    good = [weather.capacity_ok(r) for r in timeline]
    axis.scatter([m for m, g in zip(minutes, good) if g], [c for c, g in zip(capacity, good) if g], s=3,
                 color="#2ca02c", label="T cores delivered")
    axis.scatter([m for m, g in zip(minutes, good) if not g], [c for c, g in zip(capacity, good) if not g], s=3,
                 color="#d62728", label="fewer than T cores")
    for start, end in waiting_spans(minutes, timeline):
        axis.axvspan(start, end, color="grey", alpha=0.2, linewidth=0)
    top = max([r.get("threads", 2) for r in timeline] + [1])
    axis.set_ylim(0, top * 1.1)
    axis.set_xlim(0, max(minutes[-1], 1e-3))
    share = weather.healthy_share(timeline)
    axis.set_title("the machine: cores delivered at each canary reading (grey: waiting)"
                   + (f"; T cores {share:.0%} of the time" if share is not None else ""), fontsize=9)
    axis.set_xlabel("minutes since the run started", fontsize=8)
    axis.set_ylabel("cores", fontsize=8)
    axis.tick_params(labelsize=7)
    axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=3, frameon=False)


def waiting_spans(minutes, timeline):
    """(start, end) minutes of each stretch of consecutive waiting readings."""
    spans = []
    for minute, record in zip(minutes, timeline):
        if record.get("phase") != "wait":
            continue
        start = minute - weather.POLL_SECONDS / 60
        if spans and start <= spans[-1][1] + weather.POLL_SECONDS / 60:
            spans[-1][1] = minute
        else:
            spans.append([start, minute])
    return spans



def write_report(folder, run, plots=True):
    """summary.md and (unless plots is False) the plots for a results folder,
    recomputed from the run's raw windows; returns (rows, paths written)."""
    rows, extras = run.analyze()
    unstable = analysis.unstable_keys(run.points, extras)
    trust = run.verdict()
    summary_path = os.path.join(folder, "summary.md")
    with open(summary_path, "w") as out:
        foreign = run.config.get("foreign") or {}
        out.write(summary_markdown(rows, run.metadata, run.complete, unstable, run.noise_counts(),
                                   foreign.get("verdicts"), trust))
    if not plots:
        return rows, [summary_path]
    note = ("" if run.complete else " (partial)") + interpreter.title_note(run.metadata)
    return rows, [summary_path] + plot(rows, os.path.join(folder, "sweep"), note, unstable, trust,
                                       run.timeline or run.canaries)
