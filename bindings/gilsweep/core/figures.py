"""The one way gilsweep opens matplotlib and saves a figure, for the sweep's
plot and the latency run's: headless (Agg), a warning instead of a plot where
matplotlib is missing (it is an extra), PNG beside SVG."""
import sys

from . import states
from .modes import ALL_MODES

STYLE = {  # mode: (colour, line style)
    "python-hold": ("#d62728", "-"), "python-release": ("#1f77b4", "-"), "python-auto": ("#17becf", "--"),
    "python-loop": ("#e377c2", ":"), "ctypes": ("#9467bd", "-."), "pure-python": ("#8c564b", ":"),
    "processes": ("#ff7f0e", "-"),
    "swift-threads": ("#2ca02c", "-"), "threads": ("#bcbd22", "-"), "dask-threads": ("#8c6d31", "-"),
    "dask-threads-hold": ("#7f7f7f", "--"), "dask-processes": ("#ff9896", "-."),
}


def mode_order(mode):
    """Where a mode, or a mode's curve in a handoff state (states.series_name), comes in tables and legends."""
    mode, state = states.split(mode)
    return (ALL_MODES.index(mode) if mode in ALL_MODES else len(ALL_MODES),
            states.STATES.index(state) + 1 if state else 0)


def pyplot():
    """matplotlib.pyplot on the Agg backend, or None (with a warning) without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("gilsweep: warning: matplotlib is not installed; no plot (pip install matplotlib)", file=sys.stderr)
        return None
    return plt


def save(figure, path_without_extension, dpi):
    """Lays out, writes PATH.png and PATH.svg, closes the figure; returns the two paths."""
    import matplotlib.pyplot as plt

    figure.tight_layout()
    paths = [path_without_extension + ".png", path_without_extension + ".svg"]
    figure.savefig(paths[0], dpi=dpi)
    figure.savefig(paths[1])
    plt.close(figure)
    return paths
