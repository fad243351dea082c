"""The published answer is the data's answer: every derived file of docs/data/ and
every rendered block of README.md and docs/ is what scripts/render-docs.py makes from
the published runs today, and `gilsweep plot` on a published run's raw windows gives
back its published table and summary byte for byte."""
import csv
import gzip
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "render-docs.py"
HEADLINE = sorted((ROOT / "docs" / "data").glob("sweep-churn*/sweep.json.gz"))[0].parent


def renderer():
    spec = importlib.util.spec_from_file_location("render_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_tree_is_what_its_data_gives():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def rendered_block(page="README.md", kind="answer"):
    """The first block of that kind on the page, markers included."""
    text = (ROOT / page).read_text()
    start = text.index(f"<!-- rendered: {kind} ")
    return text[start:text.index("<!-- end rendered -->", start) + len("<!-- end rendered -->")] + "\n"


def rendered_readme_block():
    return rendered_block()


def table_rows(block):
    """{first cell: the other cells} of a rendered block's markdown table."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.splitlines()
            if line.startswith("| ")]
    return {cells[0]: cells[1:] for cells in rows}


@pytest.fixture
def page_only(monkeypatch, tmp_path):
    """The renderer looking at one page of ours and re-deriving no run (that is the test above)."""
    module = renderer()
    page = tmp_path / "page.md"
    monkeypatch.setattr(module, "PAGES", [page])
    monkeypatch.setattr(module, "DATA", tmp_path / "no-data")
    return module, page


def test_a_hand_edited_figure_fails_the_check(page_only, capsys):
    module, page = page_only
    block = rendered_readme_block()
    page.write_text(block)
    assert module.main(["--check"]) == 0
    figure = next(word for word in block.split() if word.endswith("x") and word[0].isdigit())
    page.write_text(block.replace(figure, "9.99x", 1))
    assert module.main(["--check"]) == 1
    assert "page.md (a rendered block or figure)" in capsys.readouterr().out


def test_rendering_rewrites_the_edited_block_back(page_only):
    module, page = page_only
    block = rendered_readme_block()
    page.write_text("before\n" + block.replace("Releasing the GIL", "Releasing it", 1) + "after\n")
    assert module.main([]) == 0
    assert page.read_text() == "before\n" + block + "after\n"


def test_a_hand_edited_trio_table_fails_the_check_and_is_rendered_back(page_only, capsys):
    module, page = page_only
    block = rendered_block("docs/results.md", "trio-table")
    page.write_text(block)
    assert module.main(["--check"]) == 0
    release = next(line for line in block.splitlines() if line.startswith("| python-release |"))
    crossing = release.split(" | ")[1]
    page.write_text(block.replace(release, release.replace(crossing, "9.99 µs (9.9 µs–9.99 µs)", 1)))
    assert module.main(["--check"]) == 1
    assert "page.md (a rendered block or figure)" in capsys.readouterr().out
    assert module.main([]) == 0 and page.read_text() == block
    verdict = table_rows(block)["the sweep's verdict"][0]
    flipped = "**trustworthy**" if verdict == "**untrustworthy**" else "**untrustworthy**"
    page.write_text(block.replace(f"| the sweep's verdict | {verdict}", f"| the sweep's verdict | {flipped}", 1))
    assert module.main(["--check"]) == 1


def test_the_trio_table_reads_each_crossing_as_the_crossover_table_does():
    trio, one = rendered_block("docs/results.md", "trio-table"), rendered_block("README.md", "crossover-table")
    first_run = one.split()[3]
    trio_rows, one_rows = table_rows(trio), table_rows(one)
    assert trio_rows["mode: reaches 1.5x at"][0] == pathlib.Path(first_run).name, (trio_rows, first_run)
    compared = [mode for mode in one_rows if mode in trio_rows and mode != "mode"]
    assert len(compared) >= 5, compared
    assert {mode: trio_rows[mode][0] for mode in compared} == {mode: one_rows[mode][-1] for mode in compared}


def test_an_unknown_block_or_a_missing_run_is_one_clear_error(page_only):
    module, page = page_only
    page.write_text("<!-- rendered: nonsense docs/data/x -->\n<!-- end rendered -->\n")
    with pytest.raises(SystemExit, match="unknown kind 'nonsense'"):
        module.main(["--check"])
    page.write_text("<!-- rendered: answer docs/data/no-such-run -->\n<!-- end rendered -->\n")
    with pytest.raises(SystemExit, match="no published run at docs/data/no-such-run"):
        module.main(["--check"])


def test_gilsweep_plot_on_a_published_run_gives_back_its_table_and_summary(tmp_path):
    with gzip.open(HEADLINE / "sweep.json.gz") as raw, open(tmp_path / "sweep.json", "wb") as out:
        shutil.copyfileobj(raw, out)
    gilsweep = pathlib.Path(sys.executable).with_name("gilsweep")
    done = subprocess.run([str(gilsweep), "plot", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("sweep.csv", "summary.md"):
        assert (tmp_path / name).read_bytes() == (HEADLINE / name).read_bytes(), name


def test_no_published_run_holds_a_path_of_the_machine_that_made_it():
    machine_path = re.compile(r"(?<![\w.])/(?:work|tmp|root|home|usr|opt)/")
    published = sorted((ROOT / "docs").glob("**/*.json.gz"))
    assert len(published) >= 8
    holding = []
    for path in published:
        with gzip.open(path, "rt") as source:
            text = source.read()
        command = json.loads(text)["machine"]["command_line"]
        if machine_path.search(text) or not command.startswith("gilsweep "):
            holding.append(f"{path.relative_to(ROOT)}: {command}; {machine_path.findall(text)[:3]}")
    assert not holding, holding


IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def test_every_image_a_page_shows_is_a_plot_render_docs_draws():
    """A figure drawn once and saved by hand beside a page would drift from its data; every
    image must be a plot of a published folder's kind, which render-docs --plots redraws."""
    module = renderer()
    stray = []
    for page in module.PAGES:
        for target in IMAGE.findall(page.read_text()):
            image = (page.parent / target).resolve()
            kind = module.published.kind_of(image.parent) if module.DATA in image.parents else None
            if kind is None or image.name not in kind.PLOTS:
                stray.append(f"{module.shown(page)}: {target}")
    assert not stray, stray
    assert not [p for p in (ROOT / "docs").glob("*.png")] + [p for p in (ROOT / "docs").glob("*.svg")]


FIGURE = "<!-- figure: cell docs/data/sweep-gcd sweep.csv mode=python-release,knob=64 speedup x -->{}<!-- end figure -->"


def test_a_figure_in_a_sentence_is_filled_from_its_run_and_checked(page_only, capsys):
    module, page = page_only
    with open(ROOT / "docs/data/sweep-gcd/sweep.csv", newline="") as source:
        row, = [r for r in csv.DictReader(source) if r["mode"] == "python-release" and r["knob"] == "64"]
    page.write_text("Releasing reads " + FIGURE.format("") + " there.\n")
    assert module.main([]) == 0
    assert page.read_text() == "Releasing reads " + FIGURE.format(f"{float(row['speedup']):.2f}x") + " there.\n"
    assert module.main(["--check"]) == 0
    page.write_text("Releasing reads " + FIGURE.format("9.99x") + " there.\n")
    assert module.main(["--check"]) == 1
    assert "page.md (a rendered block or figure)" in capsys.readouterr().out


@pytest.mark.parametrize("figure, message", [
    ("<!-- figure: nonsense docs/data/sweep-gcd -->1<!-- end figure -->", "a figure of unknown kind 'nonsense'"),
    (FIGURE.replace("knob=64", "knob=65"), "0 rows of sweep.csv match mode=python-release,knob=65"),
    (FIGURE.replace(" speedup", " no_such_column"), "cannot be filled: 'no_such_column'"),
    ("<!-- figure: crossing docs/data/no-such-run python-release -->1<!-- end figure -->",
     "no published run at docs/data/no-such-run"),
])
def test_a_figure_that_cannot_be_filled_is_one_clear_error(page_only, figure, message):
    module, page = page_only
    page.write_text(figure + "\n")
    with pytest.raises(SystemExit, match=re.escape(message)):
        module.main(["--check"])
