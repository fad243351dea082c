#!/usr/bin/env python3
"""scripts/render-docs.py [--check] [--plots]: the published answer, rendered from
the published data, so no figure in the docs can drift from the runs beside it.

Two steps, both from docs/data/NAME/ (one folder per published run, its raw JSON and
what is derived from it; docs/data/README.md lists the kinds):
  1. every run is analysed again by today's code and its derived files rewritten
     (with --plots, its plot too);
  2. every rendered block and figure of README.md and docs/**/*.md is filled from those
     runs (scripts/rendered_kinds.py says how they are written and what each kind gives).
With --check nothing is written: it lists every derived file, block and figure that differs
from what the data gives, and exits 1 if there is any (the docs test runs this).
Run it with the repository's Python: .venv/bin/python scripts/render-docs.py"""
import argparse
import pathlib
import re
import shutil
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # its two modules, however it is loaded
import published  # noqa: E402
import rendered_kinds  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "data"
# Every page but the runs' own files (and docs/data/README.md, whose markers are examples).
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("**/*.md") if DATA not in p.parents)]
BLOCK = re.compile(r"(?P<head><!-- rendered: (?P<kind>[\w-]+)(?P<args>(?: [\w./-]+)*) -->\n)(?P<body>.*?)"
                   r"(?P<tail><!-- end rendered -->)", re.S)
FIGURE = re.compile(r"(?P<head><!-- figure: (?P<kind>[\w-]+) (?P<run>[\w./-]+)(?P<args>(?: [^ >]+)*) -->)"
                    r"(?P<body>[^<\n]*)(?P<tail><!-- end figure -->)")


def shown(path):
    """A path as the messages name it: from the repository's root where it is inside."""
    path = pathlib.Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class Runs:
    """The published runs, each read once, by the name a page gives (docs/data/NAME)."""

    def __init__(self):
        self.loaded = {}

    def __call__(self, name):
        folder = (ROOT / name).resolve()
        if folder not in self.loaded:
            kind = published.kind_of(folder)
            if kind is None:
                raise SystemExit(f"render-docs: no published run at {name}")
            self.loaded[folder] = kind(folder, load=self)
        return self.loaded[folder]

    def close(self):
        for run in self.loaded.values():
            run.close()


def rendered_pages(load):
    """{page: (its text, its text with every block and figure filled)}, for pages that have any."""
    pages = {}
    for page in PAGES:
        text = page.read_text()

        def fill(match, table, names):
            kind = match["kind"]
            if kind not in table:
                raise SystemExit(f"render-docs: {shown(page)} has a {names} of unknown kind {kind!r}")
            try:
                if table is rendered_kinds.BLOCKS:
                    body = table[kind]([load(name) for name in match["args"].split()]) + "\n"
                else:
                    body = table[kind](load(match["run"]), *match["args"].split())
            except (KeyError, ValueError, TypeError, IndexError) as error:
                raise SystemExit(f"render-docs: {shown(page)}: {match['head']} cannot be filled: {error}") from None
            return f"{match['head']}{body}{match['tail']}"

        new = BLOCK.sub(lambda m: fill(m, rendered_kinds.BLOCKS, "block"), text)
        new = FIGURE.sub(lambda m: fill(m, rendered_kinds.FIGURES, "figure"), new)
        if new != text or BLOCK.search(text) or FIGURE.search(text):
            pages[page] = (text, new)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what differs")
    parser.add_argument("--plots", action="store_true", help="also redraw each run's plot")
    args = parser.parse_args(argv)
    load, stale = Runs(), []
    try:
        for folder in sorted(p for p in DATA.glob("*") if published.kind_of(p)):
            for name, fresh in load(shown(folder)).rederive(args.plots and not args.check).items():
                target = folder / name
                if not target.exists() or target.read_bytes() != fresh.read_bytes():
                    stale.append(shown(target))
                    if not args.check:
                        shutil.copyfile(fresh, target)
        for page, (old, new) in rendered_pages(load).items():
            if old != new:
                stale.append(f"{shown(page)} (a rendered block or figure)")
                if not args.check:
                    page.write_text(new)
    finally:
        load.close()
    if args.check and stale:
        print("render-docs: not what the published data gives (run scripts/render-docs.py):\n  " + "\n  ".join(stale))
        return 1
    print(f"render-docs: {'checked' if args.check else 'rendered'} {len(load.loaded)} runs; "
          + (f"rewrote {len(stale)}: {', '.join(stale)}" if stale and not args.check else "all as the data gives"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
