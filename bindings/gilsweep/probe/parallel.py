"""The probe without a GIL: do two threads calling the target run in parallel or
serialize? One trial: the slowdown of two threads' windows of calls over one's,
best of PAIRS, cut at SERIAL_CUT; references are churn (parallel) and churn
behind a lock (serializes). The rest is gil_probe.Prober's (docs/probe.md)."""
import threading
import time
from dataclasses import dataclass

import gilsweep

from ..core.canary import Canary
from .gil_probe import PATIENCE_S, TRIALS, Prober, Verdict

#: Each thread's calls in a trial last about this long.
WINDOW_S = 0.02
#: Windows of one thread and of two per trial; each trial reads the best of each.
PAIRS = 3
#: Two threads taking at least this many times one thread's time serialize.
SERIAL_CUT = 1.5
#: Churn iterations per reference call: long enough that two threads' calls overlap.
PARALLEL_REFERENCE_KNOB = 10_000
_REFERENCE_LOCK = threading.Lock()


def no_gil():
    """True when this process runs without a GIL (a free-threaded build with it off)."""
    return not gilsweep.gil_enabled()


def serialized_churn(n):
    """The serializing reference: churn with a lock held around every call."""
    with _REFERENCE_LOCK:
        gilsweep.kernel("churn", "hold")(n)


def threads_seconds(function, make_arguments, calls, count):
    """Seconds for `count` new threads, started together, to make `calls` calls
    each; each thread builds its own arguments with make_arguments() first."""
    barrier = threading.Barrier(count + 1)
    errors = []

    def caller():
        try:
            arguments = make_arguments()
        except BaseException as error:  # reported by the caller of threads_seconds
            errors.append(error)
            arguments = None
        barrier.wait()
        try:
            for _ in range(calls if arguments is not None else 0):
                function(*arguments)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=caller, name="gilsweep-probe-caller", daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def slowdown(function, make_arguments, window_s=WINDOW_S, pairs=PAIRS):
    """One trial without a GIL: how many times longer two threads take to make
    k calls each, at once, than one thread takes to make k; k (doubled from 1)
    makes one thread's calls last window_s. About 1 for calls that run in
    parallel, 2 or more for calls that serialize. The best of `pairs` windows
    of each, alternating: a host stall only lengthens a window, and one stalled
    window alone would read as parallel, one stalled pair as serializing."""
    calls = 1
    while True:
        alone = threads_seconds(function, make_arguments, calls, 1)
        if alone >= window_s:
            break
        calls *= 2
    together = float("inf")
    for index in range(pairs):
        together = min(together, threads_seconds(function, make_arguments, calls, 2))
        if index + 1 < pairs:
            alone = min(alone, threads_seconds(function, make_arguments, calls, 1))
    return together / alone


@dataclass(frozen=True)
class ParallelVerdict(Verdict):
    """A decision without a GIL: `releases` reads "runs in parallel"; shares
    are each trial's slowdown (two threads' time over one thread's)."""

    @property
    def parallel(self):
        return self.releases

    @property
    def word(self):
        return ParallelProber.WORDS[self.releases]

    def describe(self):
        return (f"n={self.n}: {self.word} ({self.agree}/{self.trials} trials; two threads took "
                f"{', '.join(f'{s:.2f}' for s in self.shares)} times one thread's time)")

    def as_dict(self):
        return {"n": self.n, "verdict": self.word, "agree": self.agree, "trials": self.trials,
                "slowdowns": list(self.shares)}


class ParallelProber(Prober):
    """Without a GIL: do two threads calling the target run in parallel, or
    serialize? A trial is a slowdown (two threads against one, the same calls
    each); under SERIAL_CUT it votes parallel. The references: churn, which runs
    in parallel, and churn behind a threading.Lock, which serializes."""

    CUT = SERIAL_CUT
    WORDS = ("serializes", "parallel")
    verdict_class = ParallelVerdict

    def __init__(self, target, trials=TRIALS, seed=None, measure=None, patience_s=PATIENCE_S):
        self.n = None
        self.canary = None
        super().__init__(target, trials, seed, measure, patience_s)

    def _trials(self, n, arguments):
        self.n = n
        return super()._trials(n, arguments)

    def wait_for_machine(self, deadline, first):
        """Two threads run in parallel only on two cores: before every attempt,
        waits (never past deadline) until the sweep's canary reads them, rather
        than judge on one."""
        if not self.on_machine:
            return
        started = time.monotonic()
        while not self.two_cores() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.spent_s += time.monotonic() - started

    def two_cores(self):
        self.canary = self.canary or Canary(2)
        return self.canary.verdict(self.canary.read(handoff=False))[0]

    def machine_measure(self, function, arguments):
        """One trial's slowdown. A reading at or over the cut stands only if the
        canary reads two cores right after it: two threads given one core read as
        serializing, whatever they call, and a core lost after the references
        were read made the probe before this check read hashlib as serializing at
        one of its two sizes in 7 of 26 runs under the noise injector
        (docs/probe.md). Otherwise it waits for two cores and measures again,
        until the decision's deadline."""
        while True:
            reading = self.own_arguments_slowdown(function, arguments)
            if reading < self.CUT or time.monotonic() >= self.deadline or self.two_cores():
                return reading
            self.wait_for_machine(self.deadline, first=True)

    def own_arguments_slowdown(self, function, arguments):
        """The slowdown with each thread calling the target on arguments it builds
        itself from n, as a program's threads work on data of their own: two
        threads sharing one argument object contend on its reference count, which
        says nothing about the callable (docs/probe.md). The references' are small
        ints, shared as they are."""
        if function is self.target.function:
            n = self.n
            return slowdown(function, lambda: self.target.arguments(n))
        return slowdown(function, lambda: arguments)

    def make_references(self):
        return {"hold": (serialized_churn, (PARALLEL_REFERENCE_KNOB,)),
                "release": (gilsweep.kernel("churn", "hold"), (PARALLEL_REFERENCE_KNOB,))}


def prober_for(target, trials=TRIALS, seed=None):
    """The prober that answers this interpreter's question: hold or release with
    a GIL, parallel or serialize without one."""
    return (ParallelProber if no_gil() else Prober)(target, trials=trials, seed=seed)


def no_gil_line(spec):
    """What the probe says first on an interpreter without a GIL."""
    return (f"no GIL: this interpreter runs without one, so there is no GIL for {spec} to release; "
            "the probe asks instead whether two threads calling it run in parallel or serialize")
