"""`gilsweep sweep` (the main job), `gilsweep plot RESULTS_DIR` and `gilsweep calibrate`."""
import argparse
import os
import sys
import time

from . import calibrate, report, results, swift_runner
from . import sweep as sweep_module
from .schema import KERNELS, MODES
from .workloads import DEFAULT_KNOBS


class OneLineParser(argparse.ArgumentParser):
    """Bad options end with one line on stderr and exit status 2, no usage block."""

    def error(self, message):
        self.exit(2, f"gilsweep: error: {message}\n")


def comma_list(text, valid, what):
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in valid]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(map(repr, unknown)) or repr(text)}; valid {what}s: {', '.join(valid)}")
    return items


def positive_ints(text):
    try:
        values = [int(item) for item in text.split(",") if item.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated positive integers, got {text!r}") from None
    if not values or any(value < 1 for value in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated positive integers, got {text!r}")
    return values


def parser():
    top = OneLineParser(prog="gilsweep", description="How much work must a native call do before threads pay off?")
    commands = top.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    run = commands.add_parser("sweep", help="measure speedup vs work per call for every mode; write plot, table, data")
    run.add_argument("--kernel", default="churn", choices=list(KERNELS) + ["all"],
                     help="which kernel's work knob to sweep (default churn)")
    run.add_argument("--modes", type=lambda t: comma_list(t, MODES, "mode"), default=list(MODES),
                     help="comma-separated modes (default: all): " + ", ".join(MODES))
    run.add_argument("--threads", type=positive_ints, default=None,
                     help="comma-separated thread counts (default: 2 and the core count)")
    run.add_argument("--repeats", type=int, default=None, help="measured repeats per point (default 5)")
    run.add_argument("--knobs", type=positive_ints, default=None, help="comma-separated knob values (one kernel only)")
    run.add_argument("--out", default=None, help="results folder (default results/YYYYmmdd-HHMMSS)")
    run.add_argument("--swift", default=None, help="path to gilsweep-swift (default: found automatically)")
    preset = run.add_mutually_exclusive_group()
    preset.add_argument("--quick", action="store_true", help="a smoke test: under a minute on 2 cores")
    preset.add_argument("--full", action="store_true", help="publication quality: more repeats, longer timings")
    show = commands.add_parser("plot", help="re-render the plot and summary of a results folder")
    show.add_argument("results_dir")
    tune = commands.add_parser("calibrate", help="measure where releasing the GIL starts to pay, per kernel")
    tune.add_argument("--kernel", default="all", choices=list(KERNELS) + ["all"], help="default: all")
    tune.add_argument("--knobs", type=positive_ints, default=None, help="comma-separated knob values (one kernel only)")
    tune.add_argument("--repeats", type=int, default=5, help="measured repeats per point (default 5)")
    tune.add_argument("--quick", action="store_true", help="every other knob only")
    return top


def sweep_command(args):
    preset = "quick" if args.quick else "full" if args.full else "default"
    repeats, target_seconds, stride = sweep_module.PRESETS[preset]
    if args.repeats is not None:
        if args.repeats < 1:
            raise SystemExit(f"gilsweep: error: --repeats must be at least 1, got {args.repeats}")
        repeats = args.repeats
    kernels = list(KERNELS) if args.kernel == "all" else [args.kernel]
    if args.knobs and len(kernels) > 1:
        raise SystemExit("gilsweep: error: --knobs needs a single --kernel, not all")
    knobs = {k: args.knobs or DEFAULT_KNOBS[k][::stride] for k in kernels}
    threads = args.threads or sorted({2, os.cpu_count() or 2})
    out = args.out or os.path.join("results", time.strftime("%Y%m%d-%H%M%S"))
    binary = swift_runner.find_binary(args.swift)
    if args.swift and binary != args.swift:
        raise SystemExit(f"gilsweep: error: --swift {args.swift} is not an executable file")
    config = sweep_module.SweepConfig(kernels=kernels, modes=args.modes, threads=threads, repeats=repeats,
                                      target_seconds=target_seconds, knobs=knobs)
    folder = results.ResultsFolder(out, results.machine_metadata(binary))
    complete = False
    try:
        sweep_module.run(config, folder, swift_runner.SwiftRunner(binary))
        complete = True
    except KeyboardInterrupt:
        print("\ngilsweep: interrupted; keeping the rows measured so far", file=sys.stderr)
    finally:
        folder.finish(complete)
        written = report.write_report(out, folder.rows, folder.metadata, complete)
    print(report.summary_markdown(folder.rows, folder.metadata, complete))
    print(f"Results: {', '.join([os.path.join(out, 'sweep.csv'), os.path.join(out, 'sweep.json')] + written)}")
    return 0 if complete else 130


def plot_command(args):
    rows, metadata, complete = results.load(args.results_dir)
    written = report.write_report(args.results_dir, rows, metadata, complete)
    print(f"Wrote {', '.join(written)}")
    return 0


def calibrate_command(args):
    import gilsweep

    kernels = list(KERNELS) if args.kernel == "all" else [args.kernel]
    if args.knobs and len(kernels) > 1:
        raise SystemExit("gilsweep: error: --knobs needs a single --kernel, not all")
    if args.repeats < 1:
        raise SystemExit(f"gilsweep: error: --repeats must be at least 1, got {args.repeats}")
    stride = 2 if args.quick else 1
    knobs = {k: args.knobs or DEFAULT_KNOBS[k][::stride] for k in kernels}
    found = calibrate.calibrate(kernels, knobs, threads=2, repeats=args.repeats, target_seconds=0.05)
    print(calibrate.report(found, gilsweep.release_threshold))
    return 0


COMMANDS = {"sweep": sweep_command, "plot": plot_command, "calibrate": calibrate_command}


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        if args.command == "sweep":
            raise
        print("\ngilsweep: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
