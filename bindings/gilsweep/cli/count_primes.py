"""`gilsweep count-primes`: the primes in [LO, HI) counted as Dask tasks,
locally or on a cluster (docs/distributed.md)."""
import sys

from .. import dask_primes
from ..core import ui
from .options import UsageError, at_least_one, bound


def add_parser(commands):
    primes = commands.add_parser("count-primes",
                                 help="count the primes in [LO, HI) as Dask tasks (needs the [dask] extra)")
    primes.add_argument("lo", metavar="LO", type=bound)
    primes.add_argument("hi", metavar="HI", type=bound)
    primes.add_argument("--chunk", type=at_least_one, default=None, metavar="SIZE",
                        help="numbers per task (default: about 8 tasks per thread of the cluster, "
                             "between 10^6 and 10^9)")
    primes.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="an existing cluster's scheduler, tcp://HOST:PORT "
                             "(default: a LocalCluster in this process)")
    primes.add_argument("--threads", type=at_least_one, default=None, metavar="N",
                        help="threads of the LocalCluster's one worker (default: the core count)")
    primes.add_argument("--gil", choices=("release", "hold"), default="release",
                        help="the kernel's GIL policy in every task "
                             "(default %(default)s; hold shows what the GIL costs)")


def run(args):
    """The count alone on stdout; progress, elapsed time and rate on stderr."""
    if args.scheduler and args.threads:
        raise UsageError("--threads sizes the local cluster; with --scheduler the cluster's workers decide")
    progress = ui.Progress()
    try:
        count, stats = dask_primes.count_primes(
            args.lo, args.hi, chunk=args.chunk, scheduler=args.scheduler, threads=args.threads, gil=args.gil,
            progress=lambda done, total, numbers: progress.step(done, total, f"{numbers:,} numbers"))
    except (TypeError, ValueError, OverflowError) as error:  # bad bounds: the kernel's own message
        progress.close()
        print(f"gilsweep: error: {error}", file=sys.stderr)
        return 2
    except dask_primes.DaskMissing as error:
        print(f"gilsweep: error: count-primes needs Dask: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # also distributed's connection timeouts
        progress.close()
        print(f"gilsweep: error: cannot reach the scheduler at {args.scheduler}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress.close()
        print("gilsweep: interrupted; the pending tasks were cancelled", file=sys.stderr)
        return 130
    progress.close()
    print(count, flush=True)
    elapsed = stats["elapsed_s"]
    rate = stats["numbers"] / max(elapsed, 1e-9)
    print(f"gilsweep: counted {stats['numbers']:,} numbers in {elapsed:.2f} s ({rate:.3g} "
          f"numbers/s) as {stats['tasks']} tasks on {stats['threads']} Dask threads (GIL: {args.gil})", file=sys.stderr)
    return 0
