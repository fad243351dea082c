"""`gilsweep plot`: a results folder recomputed from its raw data and drawn
again; two sweep folders drawn side by side."""
from ..latency import gc_report
from ..latency import report as latency_report
from ..sweep import api
from .options import UsageError


def add_parser(commands):
    show = commands.add_parser("plot", help="recompute a results folder from its raw windows; rewrite table and plot; "
                                            "given two sweep folders (a GIL run and a free-threaded run), draw both "
                                            "runs' curves per mode on one figure")
    show.add_argument("results_dir")
    show.add_argument("other_dir", nargs="?", default=None,
                      help="a second sweep folder: write side-by-side.png/.svg/.md instead of rewriting either")
    show.add_argument("--out", default=None, help="with two folders: where to write (default the second folder)")


def run(args):
    if args.other_dir is not None:
        if latency_report.is_latency_run(args.results_dir) or latency_report.is_latency_run(args.other_dir):
            raise UsageError("plot draws two folders side by side only for sweeps, not latency runs")
        paths = api.plot_side_by_side(args.results_dir, args.other_dir, args.out)
    elif args.out is not None:
        raise UsageError("--out goes with two folders; one folder is re-plotted in place")
    elif latency_report.is_latency_run(args.results_dir):
        paths = latency_report.render(args.results_dir, latency_report.load(args.results_dir))
    elif gc_report.is_gc_pause_run(args.results_dir):
        paths = gc_report.render(args.results_dir, gc_report.load(args.results_dir))
    else:
        paths = api.replot(args.results_dir)
    print(f"Wrote {', '.join(paths)}")
    return 0
