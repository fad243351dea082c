"""`gilsweep gc-pause`: how long a garbage collection stops another thread next
to attached or detached calls (docs/free-threaded.md)."""
from ..latency import gc_pause
from .options import add_load_workload, at_least_one, comma_list, positive_ints
from .victim import add_victim_run_options, run_victim_command


def add_parser(commands):
    pause = commands.add_parser("gc-pause", help="how long a garbage collection stops another thread while workers "
                                                 "call a kernel attached (hold) or detached (release), against work "
                                                 "per call: what holding costs without a GIL")
    add_load_workload(pause)
    pause.add_argument("--modes", type=lambda t: comma_list(t, gc_pause.GC_MODES, "mode"),
                       default=list(gc_pause.DEFAULT_MODES),
                       help="comma-separated modes of the load (default " + ",".join(gc_pause.DEFAULT_MODES)
                            + "; any of " + ", ".join(gc_pause.GC_MODES) + ")")
    pause.add_argument("--knobs", type=positive_ints, default=None,
                       help="comma-separated knob values of the load (default for churn: "
                            + ",".join(map(str, gc_pause.CHURN_KNOBS)) + ")")
    pause.add_argument("--workers", type=at_least_one, default=1, help="threads of the load (default 1)")
    add_victim_run_options(pause, "gc-pause", "a smoke test: 3 trials of short phases, every other knob")


def run(args):
    quick = {"repeats": 3, "phase_s": gc_pause.QUICK_PHASE_SECONDS, "min_collections": gc_pause.QUICK_MIN_COLLECTIONS}
    return run_victim_command(args, {}, quick, gc_pause.GcPauseConfig, gc_pause.run_gc_pause, "gc-pause")
