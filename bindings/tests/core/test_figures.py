"""The one way gilsweep draws: a style for every mode, modes in table order,
matplotlib headless or a warning without it, and each figure saved as PNG and SVG."""
import sys

from gilsweep.core import figures
from gilsweep.core.modes import ALL_MODES
from helpers import optional

matplotlib, needs_matplotlib = optional("matplotlib")


def test_every_mode_has_a_style_of_its_own():
    assert set(figures.STYLE) == set(ALL_MODES)
    assert len({colour for colour, _ in figures.STYLE.values()}) == len(ALL_MODES)
    assert {line for _, line in figures.STYLE.values()} <= {"-", "--", "-.", ":"}
    assert all(len(colour) == 7 and colour.startswith("#") and int(colour[1:], 16) >= 0
               for colour, _ in figures.STYLE.values())


def test_modes_sort_in_table_order_and_unknown_ones_last():
    assert sorted(reversed(ALL_MODES), key=figures.mode_order) == list(ALL_MODES)
    shuffled = ["no-such-mode", "swift-threads", "dask-processes", "python-hold", "processes"]
    assert sorted(shuffled, key=figures.mode_order) == ["python-hold", "processes", "swift-threads",
                                                         "dask-processes", "no-such-mode"]
    assert figures.mode_order("no-such-mode") > max(figures.mode_order(mode) for mode in ALL_MODES)
    # A mode's curve in the slow handoff state comes right after the mode's own.
    curves = ["python-release (slow handoff)", "python-auto", "python-release", "python-hold"]
    assert sorted(curves, key=figures.mode_order) == ["python-hold", "python-release",
                                                       "python-release (slow handoff)", "python-auto"]


def test_without_matplotlib_there_is_a_warning_and_no_plot(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    assert figures.pyplot() is None
    assert capsys.readouterr().err == ("gilsweep: warning: matplotlib is not installed; no plot "
                                       "(pip install matplotlib)\n")


@needs_matplotlib
def test_pyplot_draws_headless():
    plt = figures.pyplot()
    assert plt is sys.modules["matplotlib.pyplot"] and plt.get_backend().lower() == "agg"


@needs_matplotlib
def test_a_figure_is_saved_as_png_and_svg_and_closed(tmp_path):
    plt = figures.pyplot()
    figure, axes = plt.subplots(figsize=(2, 1.5))
    axes.plot([1, 10, 100], [0.5, 1.2, 1.9], color=figures.STYLE["python-release"][0], label="python-release")
    paths = figures.save(figure, str(tmp_path / "sweep"), dpi=40)
    assert paths == [str(tmp_path / "sweep.png"), str(tmp_path / "sweep.svg")]
    assert (tmp_path / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "sweep.svg").read_text()
    assert "<svg" in svg and "#1f77b4" in svg
    assert not plt.fignum_exists(figure.number)
