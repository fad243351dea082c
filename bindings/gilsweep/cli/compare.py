"""`gilsweep compare`: two sweeps or latency runs, or two or more censuses,
side by side."""
from ..census import compare as census_compare
from ..census import report as census_report
from ..latency import report as latency_report
from ..sweep import api
from .options import UsageError


def add_parser(commands):
    diff = commands.add_parser("compare", help="two results folders side by side, point by point")
    diff.add_argument("results_a")
    diff.add_argument("results_b")
    diff.add_argument("more", nargs="*", metavar="RESULTS",
                      help="more census folders (gilsweep census), one column each; sweeps compare two at a time")
    diff.add_argument("--out", default=None, metavar="DIR",
                      help="sweeps only: also write the crossover table and a figure with both runs' curves per mode "
                           "(side-by-side.md/.png/.svg) in DIR")


def run(args):
    folders = [args.results_a, args.results_b] + args.more
    if all(census_report.is_census(folder) for folder in folders):
        table, last = census_compare.compare_folders(folders)
        print(table)
        print(last)
        return 0
    if args.more:
        raise UsageError("only censuses compare more than two folders at a time")

    if latency_report.is_latency_run(args.results_a) or latency_report.is_latency_run(args.results_b):
        if args.out is not None:
            raise UsageError("--out goes with two sweeps, not latency runs")
        table, last = latency_report.compare(args.results_a, args.results_b)
        print(table)
        print(last)
        return 0
    trust, table, verdict, figures = api.compare_runs(args.results_a, args.results_b, args.out)
    print(trust)
    print(table)
    print(verdict)
    if figures["paths"]:
        print(f"Wrote {', '.join(figures['paths'])}")
    return 0
