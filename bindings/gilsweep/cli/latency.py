"""`gilsweep latency`: how late another thread runs, and how fast its blocking
I/O goes, next to threads calling a kernel (docs/latency.md)."""
from ..latency import run as latency_run
from ..latency.run import FOREIGN_MODES, LATENCY_MODES
from .options import UsageError, add_load_workload, at_least_one, comma_list, milliseconds, positive_ints
from .victim import add_victim_run_options, run_victim_command


def add_parser(commands):
    victim = commands.add_parser("latency", help="how late another thread runs, and how fast its blocking I/O goes, "
                                                 "next to threads calling a kernel, per mode and work per call")
    add_load_workload(victim)
    victim.add_argument("--callable", dest="target", default=None, metavar="TARGET",
                        help="the load calls this callable instead, module:attribute.path (e.g. hashlib:sha256), with "
                             "--arg building its arguments from each of --knobs; modes threads and processes")
    victim.add_argument("--arg", dest="expression", default=None, metavar="EXPR",
                        help="with --callable: a Python expression in n, the argument or a tuple of arguments")
    every = list(dict.fromkeys(LATENCY_MODES + FOREIGN_MODES))
    victim.add_argument("--modes", type=lambda t: comma_list(t, every, "mode"), default=list(LATENCY_MODES),
                        help="comma-separated modes of the load (default: all of " + ", ".join(LATENCY_MODES)
                             + "; with --callable " + ", ".join(FOREIGN_MODES) + ")")
    victim.add_argument("--knobs", type=positive_ints, default=None,
                        help="comma-separated knob values of the load (default: the workload's latency knobs)")
    victim.add_argument("--workers", type=at_least_one, default=1,
                        help="threads (or processes) of the load (default 1)")
    victim.add_argument("--switch-interval", type=milliseconds, default=[5.0], metavar="MS",
                        help="comma-separated sys.setswitchinterval values in ms, each a point of its own "
                             "(default 5, Python's; e.g. 5,0.5)")
    add_victim_run_options(victim, "latency", "a smoke test: 3 trials of 0.1 s phases, every other knob")


def run(args):
    if (args.target is None) != (args.expression is None):
        raise UsageError("--callable and --arg go together")
    settings = {"switch_intervals": tuple(ms / 1e3 for ms in args.switch_interval)}
    if args.target:
        settings["foreign"] = {"target": args.target, "arg": args.expression}
    quick = {"repeats": 3, "phase_s": latency_run.QUICK_PHASE_SECONDS}
    return run_victim_command(args, settings, quick, latency_run.LatencyConfig, latency_run.run_latency, "latency")
