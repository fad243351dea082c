"""What a rendered block or figure of the docs says, from published runs (scripts/published.py).

A block, on lines of its own, is filled by a function of BLOCKS from the runs it names:
    <!-- rendered: KIND docs/data/NAME ... -->
    <!-- end rendered -->
A figure, inside a sentence, is one value from one run, by a function of FIGURES:
    <!-- figure: FUNCTION docs/data/NAME ARGUMENTS -->0.41 µs<!-- end figure -->
"""
import csv

from gilsweep.latency.report import fmt_ms
from gilsweep.sweep import report
from gilsweep.core.modes import CEILING

#: What each thread of a mode calls, as the README's table says it.
CALLS = {
    "python-hold": "the SWIG callable that keeps the GIL",
    "python-release": "the SWIG callable that releases it around every call",
    "python-auto": "releases only at or above the kernel's threshold",
    "python-loop": "a Python loop calling the SWIG callable",
    "ctypes": "the same shared object through ctypes",
    "pure-python": "Beazley's `count()` loop",
    "processes": "the releasing callable in T processes",
    "swift-threads": "the same C function from Swift threads: the ceiling",
}


NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}


def span(values, unit="x"):
    """"0.61–0.72x" or "0.29 µs–1.2 µs", or one figure when every run reads the same."""
    low, high = min(values), max(values)
    if unit == "x":
        low_text, high_text = f"{low:.2f}", f"{high:.2f}"
        return f"{low_text}x" if low_text == high_text else f"{low_text}–{high_text}x"
    low_text, high_text = report.fmt_us(low), report.fmt_us(high)
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def reached(runs, mode):
    crossings = [run.crossing(mode).x for run in runs]
    return span(crossings, unit="µs") if None not in crossings else "not in every run"


def machine_line(runs):
    """Where and how the runs were measured, from their own metadata."""
    first = runs[0].metadata
    dates = sorted({run.metadata["started"][:10] for run in runs})
    commits = sorted({run.metadata.get("git_commit") or "unrecorded" for run in runs})
    words = [run.trust.word for run in runs]
    verdicts = ", ".join(f"{words.count(w)} {w}" for w in ("trustworthy", "untrustworthy") if w in words)
    many = f"{NUMBERS.get(len(runs), len(runs))} default `make sweep` runs in a row" if len(runs) > 1 else "one default `make sweep` run"
    return (f"{many} on a {first['cores']}-core {first['cpu_model']} machine, "
            f"CPython {first['python_version']}, {first.get('swift_version') or 'no Swift'}, on {', '.join(dates)} "
            f"(commit {', '.join(commits)}; the sweep's verdict: {verdicts})")


def answer(runs):
    """The README's answer: the headline figures of every run, as ranges over the runs."""
    smallest = [run.series("python-release")[0] for run in runs]
    largest = [run.series("python-release")[-1] for run in runs]
    hold = [r.speedup for run in runs for r in run.series("python-hold")]
    ceiling = [r.speedup for run in runs for r in run.series(CEILING) if r.per_call_us >= 1]
    doubt = [run for run in runs if not run.trust.trustworthy]
    which = "this run" if len(runs) == 1 else f"{len(doubt)} of these {len(runs)} runs"
    # The crossings are point estimates; each has an interval, which the trio table in results.md gives.
    estimates = ("the run's point estimate" if len(runs) == 1 else "the range of the runs' point estimates") + \
        "; intervals in [results.md](docs/results.md#the-same-sweep-three-times)"
    caveat = [f"> **Provisional**: the sweep judges {which} untrustworthy ({doubt[0].trust.reason}); "
              "`make publish` measures again.", ""] if doubt else []
    return "\n".join(caveat + [
        f"From {machine_line(runs)}:",
        "",
        f"- **Releasing the GIL pays from {reached(runs, 'python-release')} of work per call**: that is where "
        f"two threads reach 1.5× ({estimates}); at the largest work ({span([r.per_call_us for r in largest], unit='µs')}) "
        f"they read {span([r.speedup for r in largest])}. Beazley's 2009 knee was about 4 µs.",
        f"- **Below that, releasing makes two threads slower than one**: "
        f"{span([r.speedup for r in smallest])} at the smallest work "
        f"({span([r.per_call_us for r in smallest], unit='µs')}): each call gives the GIL up and waits to get it back.",
        f"- **Holding the GIL never pays**: {span(hold)} at every size ([why the smallest calls can read "
        f"above 1.0×](docs/method.md#two-threads-taking-turns)); releasing only above a threshold (`auto`) reaches 1.5× at "
        f"{reached(runs, 'python-auto')}.",
        f"- **The ceiling**: Swift threads calling the same C function read {span(ceiling)} "
        f"from 1 µs per call.",
    ])


def crossover_table(runs):
    """One run's crossovers and end points per mode (the README's "One result")."""
    run, = runs
    lines = ["| mode | what each thread calls | smallest work | largest | reaches 1.5x at |", "|---|---|---|---|---|"]
    modes = sorted({r.mode for r in run.rows}, key=report.mode_order)
    for mode in modes:
        series = run.series(mode)
        if not series:
            continue
        first, last = series[0], series[-1]
        lines.append(f"| {mode} | {CALLS.get(mode, '')} | {first.speedup:.2f}x at {report.fmt_us(first.per_call_us)} "
                     f"| {last.speedup:.2f}x at {report.fmt_us(last.per_call_us)} | {report.fmt_crossing(run.crossing(mode))} |")
    return "\n".join(lines)


ROUND_TRIP_COLUMNS = (("uncontended", "uncontended"), ("contended", "another thread waiting for the GIL"),
                      ("ctypes_extra", "ctypes on top of its release"))


def round_trip_table(censuses):
    """What one GIL release and re-acquire costs, per published census: the table, then how
    far the intervals reach and which runs of one CPython agree."""
    loaded = [(census.folder.name, census.document["machine"], census.document["round_trip"]) for census in censuses]
    lines = ["| run | " + " | ".join(title for _, title in ROUND_TRIP_COLUMNS) + " |",
             "|---|" + "---|" * len(ROUND_TRIP_COLUMNS)]
    for name, machine, trip in loaded:
        cells = [f"{trip[key]['ns']:.0f} [{trip[key]['lo']:.0f}, {trip[key]['hi']:.0f}] ns" for key, _ in ROUND_TRIP_COLUMNS]
        lines.append(f"| CPython {machine['python_version']}, {name} | " + " | ".join(cells) + " |")
    figures = [trip[key] for _, _, trip in loaded for key, _ in ROUND_TRIP_COLUMNS]
    above = max(f["hi"] / f["ns"] - 1 for f in figures)
    below = max(1 - f["lo"] / f["ns"] for f in figures)
    lines += ["", f"Medians with 95% intervals; every interval lies within +{above:.1%} and −{below:.1%} of its median."]
    by_version = {}
    for name, machine, trip in loaded:
        by_version.setdefault(machine["python_version"], []).append((name, trip))
    for version, runs in sorted(by_version.items()):
        if len(runs) < 2:
            continue
        (name_a, a), (name_b, b) = runs[:2]
        agree = [title for key, title in ROUND_TRIP_COLUMNS if a[key]["lo"] <= b[key]["hi"] and b[key]["lo"] <= a[key]["hi"]]
        apart = [f"{title} ({a[key]['lo']:.1f}-{a[key]['hi']:.1f} against {b[key]['lo']:.1f}-{b[key]['hi']:.1f} ns)"
                 for key, title in ROUND_TRIP_COLUMNS if title not in agree]
        text = f"The two {version} runs' intervals overlap " + (f"for {' and '.join(agree)}" if agree else "for no figure")
        lines.append(text + (f"; not for {'; '.join(apart)}." if apart else "."))
    return "\n".join(lines)


def provenance(run):
    """Where a run was measured, from its own metadata: the line under every rendered table."""
    machine = run.metadata
    versions = f"CPython {machine['python_version']}" + (f", {machine['swift_version']}" if machine.get("swift_version") else "")
    verdict = f"; the sweep's verdict: {run.trust.word}" if hasattr(run, "trust") else ""
    return (f"Measured by `{machine.get('command_line', 'gilsweep')}` on {machine['started'][:10]}, on a "
            f"{machine['cores']}-core {machine['cpu_model']} machine, {versions} "
            f"(commit {machine.get('git_commit') or 'unrecorded'}{verdict}).")


def summary_table(runs):
    """The first table of a run's summary.md (as today's code derives it), and where it was measured."""
    run, = runs
    lines = (run.folder / "summary.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join(lines[start:end] + ["", provenance(run)])


def bench_tables(runs):
    """The kernel benchmarks' tables as `make publish` kept them, headings one level down."""
    run, = runs
    text = (run.folder / "bench.md").read_text().strip()
    return "\n".join(("#" + line if line.startswith("## ") else line) for line in text.splitlines()) + "\n\n" + provenance(run)


#: The ceiling's reading counts from this much work per call (as the answer's does).
CEILING_FROM_US = 1


def where_measured(machine):
    swift = f", {machine['swift_version']}" if machine.get("swift_version") else ""
    return f"a {machine['cores']}-core {machine['cpu_model']} machine, CPython {machine['python_version']}{swift}"


def ceiling_reading(run):
    readings = [r.speedup for r in run.series(CEILING) if r.per_call_us >= CEILING_FROM_US]
    return span(readings) if readings else "not measured"


def trio_table(runs):
    """Sweeps of the same kind side by side (the headline trio): per mode, where each run
    reaches 1.5x, as crossover-table computes it; the ceiling's row gives what it reads from
    CEILING_FROM_US; the last row each run's verdict; under the table, where each was measured."""
    names = [run.folder.name for run in runs]
    lines = ["| mode: reaches 1.5x at | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(runs)]
    for mode in sorted({r.mode for run in runs for r in run.rows}, key=report.mode_order):
        if mode == CEILING:
            cells = [ceiling_reading(run) for run in runs]
            mode = f"{mode} (the ceiling: its speedup from {CEILING_FROM_US} µs)"
        else:
            cells = [report.fmt_crossing(run.crossing(mode)) if run.series(mode) else "not measured" for run in runs]
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    lines.append("| the sweep's verdict | " + " | ".join(f"**{run.trust.word}**" for run in runs) + " |")
    same = len({where_measured(run.metadata) for run in runs}) == 1
    each = [f"{name} on {run.metadata['started'][:10]} (commit {run.metadata.get('git_commit') or 'unrecorded'}"
            + ("" if same else f", on {where_measured(run.metadata)}") + ")" for name, run in zip(names, runs)]
    return "\n".join(lines + ["", "Measured " + (f"on {where_measured(runs[0].metadata)}: " if same else "")
                              + "; ".join(each) + "."])


BLOCKS = {"answer": answer, "crossover-table": crossover_table, "round-trip-table": round_trip_table,
          "summary-table": summary_table, "bench-tables": bench_tables, "trio-table": trio_table}


def formatted(value, how):
    """A figure as the docs print it: x (a ratio), us (a time in µs), ms (a time in ms), pct,
    int, or a Python format spec such as .3g."""
    value = float(value)
    return {"x": lambda: f"{value:.2f}x", "us": lambda: report.fmt_us(value), "ms": lambda: fmt_ms(value),
            "pct": lambda: f"{value:.0%}", "int": lambda: f"{value:.0f}"}.get(how, lambda: format(value, how))()


def crossing(run, mode, threads="2"):
    """Where MODE's speedup reaches 1.5x, in µs of work per call."""
    result = run.crossing(mode, int(threads))
    return report.fmt_us(result.x) if result.x is not None else "not reached"


def matching(run, file, where):
    """The rows of a derived CSV of the run whose columns equal where (k=v,k=v)."""
    wanted = dict(pair.split("=", 1) for pair in where.split(","))
    with open(run.folder / file, newline="") as source:
        rows = [row for row in csv.DictReader(source) if all(row.get(k) == v for k, v in wanted.items())]
    if not rows:
        raise ValueError(f"0 rows of {file} match {where}")
    return rows


def cell(run, file, where, column, how=".3g"):
    """One cell of a derived CSV of the run: the one row that matches where."""
    rows = matching(run, file, where)
    if len(rows) != 1:
        raise ValueError(f"{len(rows)} rows of {file} match {where}")
    return formatted(rows[0][column], how)


def spread(run, file, where, column, how=".3g"):
    """"low–high" of a column over every row that matches where (one figure when they print alike)."""
    values = sorted(float(row[column]) for row in matching(run, file, where))
    low, high = formatted(values[0], how), formatted(values[-1], how)
    return low if low == high else f"{low}–{high}"


#: The share of its I/O rate alone that the other thread keeps for a call size to count as free.
FREE_IO_SHARE = 0.9


def free_from(run, mode, switch_ms="5.0"):
    """The least work per call from which the other thread keeps FREE_IO_SHARE of its I/O next to
    the load at that size and every larger one (latency runs); "never" when the largest misses it."""
    rows = sorted(matching(run, "latency.csv", f"mode={mode},switch_ms={switch_ms}"), key=lambda r: float(r["per_call_us"]))
    free = None
    for row in reversed(rows):
        if float(row["io_ratio"]) < FREE_IO_SHARE:
            break
        free = row
    return report.fmt_us(float(free["per_call_us"])) if free else "never"


def value(run, path, how=".3g"):
    """One value of the run's raw JSON, by a dotted path (list items by index)."""
    found = run.document
    for key in path.split("."):
        found = found[int(key)] if isinstance(found, list) else found[key]
    return found if isinstance(found, str) else formatted(found, how)


def entry(run, target, field, how=".3g"):
    """One field of a census entry, by the callable's target (e.g. hashlib:sha256 threshold int)."""
    found = [e for e in run.document["entries"] if e["target"] == target]
    if len(found) != 1:
        raise ValueError(f"{len(found)} entries of the census are {target}")
    return formatted(found[0][field], how) if isinstance(found[0][field], (int, float)) else str(found[0][field])


def took(run):
    """How long a sweep measured, from its first window to the end of its last, in minutes."""
    end = max(w["start_s"] + w["wall_s"] for w in run.document["windows"])
    return f"{end / 60:.1f} minutes"


def verdict(run):
    return run.trust.word


def started(run):
    return run.metadata["started"][:10]


FIGURES = {"crossing": crossing, "cell": cell, "range": spread, "free-from": free_from, "value": value, "entry": entry, "took": took, "verdict": verdict,
           "started": started}
