#!/usr/bin/env python3
"""scripts/render-docs.py [--check] [--plots]: the published answer, rendered from
the published data, so no figure in the docs can drift from the runs beside it.

Two steps, both from docs/data/NAME/ (one folder per published run: sweep.json.gz,
the raw run; sweep.csv, summary.md and sweep.png derived from it):
  1. every run is analysed again by today's code (`gilsweep plot` on its raw windows),
     and its sweep.csv and summary.md rewritten (with --plots, its sweep.png too);
  2. every rendered block of README.md and docs/*.md is filled from those runs. A block is
       <!-- rendered: KIND docs/data/NAME ... -->
       ...what KIND renders from the named runs...
       <!-- end rendered -->
     and KIND is one of the functions in KINDS below.
With --check nothing is written: it lists every derived file and block that differs
from what the data gives, and exits 1 if there is any (the docs test runs this).
Run it with the repository's Python: .venv/bin/python scripts/render-docs.py"""
import argparse
import gzip
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile

from gilsweep.sweep import api, report, results
from gilsweep.core.modes import CEILING

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "data"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(?P<head><!-- rendered: (?P<kind>[\w-]+)(?P<args>(?: [\w./-]+)*) -->\n)(?P<body>.*?)"
                   r"(?P<tail><!-- end rendered -->)", re.S)
DERIVED = ("sweep.csv", "summary.md")
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


def shown(path):
    """A path as the messages name it: from the repository's root where it is inside."""
    path = pathlib.Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class PublishedRun:
    """One folder of docs/data: its run, read back and analysed by today's code."""

    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.scratch = tempfile.TemporaryDirectory()
        with gzip.open(self.folder / "sweep.json.gz", "rb") as raw, open(os.path.join(self.scratch.name, "sweep.json"), "wb") as out:
            shutil.copyfileobj(raw, out)
        self.run = results.load(self.scratch.name)
        self.rows = self.run.analyze()[0]
        self.trust = self.run.verdict()

    def rederive(self, plots):
        """The derived files as today's code writes them: {name: path in the scratch folder}."""
        if plots:
            api.replot(self.scratch.name)
        else:
            results.ResultsFolder(self.scratch.name).save(self.run)
            report.write_report(self.scratch.name, self.run, plots=False)
        names = DERIVED + (("sweep.png",) if plots else ())
        return {name: pathlib.Path(self.scratch.name, name) for name in names}

    def series(self, mode, threads=2):
        return sorted((r for r in self.rows if r.mode == mode and r.threads == threads), key=lambda r: r.knob)

    def crossing(self, mode):
        return report.crossovers(self.series(mode), self.series(CEILING))[0]


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
    first = runs[0].run.metadata
    dates = sorted({run.run.metadata["started"][:10] for run in runs})
    commits = sorted({run.run.metadata.get("git_commit") or "unrecorded" for run in runs})
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
    caveat = [f"> **Provisional**: the sweep judges {which} untrustworthy ({doubt[0].trust.reason}); "
              "`make publish` measures again.", ""] if doubt else []
    return "\n".join(caveat + [
        f"From {machine_line(runs)}:",
        "",
        f"- **Releasing the GIL pays from {reached(runs, 'python-release')} of work per call**: that is where "
        f"two threads reach 1.5×; at the largest work ({span([r.per_call_us for r in largest], unit='µs')}) "
        f"they read {span([r.speedup for r in largest])}. Beazley's 2009 knee was about 4 µs.",
        f"- **Below that, releasing makes two threads slower than one**: "
        f"{span([r.speedup for r in smallest])} at the smallest work "
        f"({span([r.per_call_us for r in smallest], unit='µs')}): each call gives the GIL up and waits to get it back.",
        f"- **Holding the GIL never pays**: {span(hold)} at every size ([why the smallest calls can read "
        f"above 1.0×](docs/method.md)); releasing only above a threshold (`auto`) reaches 1.5× at "
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
    """What one GIL release and re-acquire costs, per census run (a census.json.gz each):
    the table, then how far the intervals reach and which runs of one CPython agree."""
    loaded = []
    for path in censuses:
        with gzip.open(ROOT / path, "rt") as source:
            document = json.load(source)
        loaded.append((pathlib.Path(path).name.removesuffix(".json.gz"), document["machine"], document["round_trip"]))
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


#: Block kinds over published sweeps (docs/data/NAME) and over other published files (paths).
KINDS = {"answer": answer, "crossover-table": crossover_table}
FILE_KINDS = {"round-trip-table": round_trip_table}


def rendered_pages(load):
    """{page: its text with every block filled}, for the pages that have blocks."""
    pages = {}
    for page in PAGES:
        text = page.read_text()

        def fill(match):
            kind, names = match["kind"], match["args"].split()
            if kind in FILE_KINDS:
                missing = [name for name in names if not (ROOT / name).is_file()]
                if missing:
                    raise SystemExit(f"render-docs: {shown(page)} names {', '.join(missing)}, which is not there")
                body = FILE_KINDS[kind](names)
            elif kind in KINDS:
                body = KINDS[kind]([load(name) for name in names])
            else:
                raise SystemExit(f"render-docs: {shown(page)} has a block of unknown kind {kind!r}")
            return f"{match['head']}{body}\n{match['tail']}"

        new = BLOCK.sub(fill, text)
        if BLOCK.search(text):
            pages[page] = (text, new)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what differs")
    parser.add_argument("--plots", action="store_true", help="also redraw each run's sweep.png")
    args = parser.parse_args(argv)
    loaded = {}

    def load(name):
        folder = (ROOT / name).resolve()
        if folder not in loaded:
            if not (folder / "sweep.json.gz").is_file():
                raise SystemExit(f"render-docs: no published run at {name} (no sweep.json.gz)")
            loaded[folder] = PublishedRun(folder)
        return loaded[folder]

    stale = []
    for folder in sorted(p.parent for p in DATA.glob("*/sweep.json.gz")):
        for name, fresh in load(shown(folder)).rederive(args.plots and not args.check).items():
            published = folder / name
            if not published.exists() or published.read_bytes() != fresh.read_bytes():
                stale.append(shown(published))
                if not args.check:
                    shutil.copyfile(fresh, published)
    for page, (old, new) in rendered_pages(load).items():
        if old != new:
            stale.append(f"{shown(page)} (a rendered block)")
            if not args.check:
                page.write_text(new)
    if args.check and stale:
        print("render-docs: not what the published data gives (run scripts/render-docs.py):\n  " + "\n  ".join(stale))
        return 1
    print(f"render-docs: {'checked' if args.check else 'rendered'} {len(loaded)} runs; "
          + (f"rewrote {len(stale)}: {', '.join(stale)}" if stale and not args.check else "all as the data gives"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
