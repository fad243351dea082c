"""No measured figure in README.md or docs/ stands on its own: a number with a unit
of time, a ratio, a share or a size is either inside a rendered block or figure
(filled from docs/data by scripts/render-docs.py, which test_rendered_docs checks)
or one of the constants below, which are settings, targets and inputs, not
measurements. docs/data/ holds the runs' own files and is not a page."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "docs" / "data"
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("**/*.md") if DATA not in p.parents)]

RENDERED = re.compile(r"<!-- rendered: .*?<!-- end rendered -->|<!-- figure: .*?<!-- end figure -->", re.S)
CODE = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)", re.S)  # code, and link targets
FIGURE = re.compile(r"(?<![\w.^/-])(\d+(?:\.\d+)?)\s?(x|×|µs|us|ms|ns|s|%|MB|KB|KiB|MiB|GB)(?!\w)")

#: Not measurements: the method's rules and defaults (bindings/gilsweep says each once), input
#: sizes, and Beazley's 2009 figure. A new one belongs here only if it is not measured.
CONSTANTS = {
    "1.5x", "1.5×", "2x", "2×", "1×", "1.0×", "1.2×", "0.8 ×", "0.65 ×", "0.15×", "5×", "3 ×",  # levels and cuts
    "0.10×", "0.06×", "25%", "0.3×",                                    # the stopping rule, the halves check
    "90%", "95%", "70%", "60%", "45%", "30%", "100%", "3%", "1%",      # shares, confidence, duties, allowances
    "5 ms", "0.5 ms", "1 ms", "3 ms", "20 ms", "50 ms", "100 µs", "1 µs", "50 ns", "10 ns", "4 µs",  # times in rules
    "0.03 s", "0.1 s", "0.25 s", "0.3 s", "2 s", "15 s", "30 s", "80 s", "150 s", "330 s", "600 s",  # windows, budgets
    "32 KiB", "64 KiB", "128 KiB", "256 KiB", "1 MiB",                  # segment and input sizes
}


def loose_figures(text):
    """The figures of a page outside rendered blocks, figures and code."""
    text = CODE.sub("", RENDERED.sub("", text))
    return [match.group(0) for match in FIGURE.finditer(text)]


def test_every_measured_figure_is_rendered_from_the_published_data():
    loose = {}
    for page in PAGES:
        found = [figure for figure in loose_figures(page.read_text()) if figure.replace(" ", " ") not in CONSTANTS]
        if found:
            loose[str(page.relative_to(ROOT))] = found
    assert not loose, loose


def test_the_check_sees_a_figure_typed_by_hand():
    assert loose_figures("releasing pays from 0.41 µs; holding reads 0.99x") == ["0.41 µs", "0.99x"]
    assert loose_figures("<!-- figure: crossing docs/data/x python-release -->0.41 µs<!-- end figure -->") == []
    assert loose_figures("`--max-wait 600` and ```\n1.5 s\n```") == []


DATED = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})? UTC\b|\b20\d\d-\d\d-\d\d\b|stall-meter")


def test_guides_are_not_a_lab_notebook():
    """Topic pages cite runs through their markers (which carry the run's own date) and
    never a tool outside the repository; dated entries belong to docs/notebook/ alone."""
    notebook = ROOT / "docs" / "notebook"
    dated = {}
    for page in PAGES:
        text = CODE.sub("", RENDERED.sub("", page.read_text()))
        found = [m.group(0) for m in DATED.finditer(text) if notebook not in page.parents or m.group(0) == "stall-meter"]
        if found:
            dated[str(page.relative_to(ROOT))] = found
    assert not dated, dated
