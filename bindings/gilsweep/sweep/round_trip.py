"""What one release and re-acquire of the GIL costs, in nanoseconds: the
difference per call between the `release` and `hold` callables of gilsweep's
smallest kernel (churn with no iterations: the same SWIG wrapper, the same C
call, only Py_BEGIN/END_ALLOW_THREADS apart), and what ctypes adds per call on
top of a release (ctypes releases around every foreign call).

Measured as randomized interleaved rounds, as the sweep measures: each round
times one window of each callable in a fresh random order, so a burst of host
noise costs a round, not a callable. Per round the difference of the two
windows' times per call; the figure is the median difference, with a
percentile bootstrap interval of that median.

Uncontended: one thread calls. Contended: two threads call the same callable
back to back, so every release hands the GIL to a thread that wants it; the
time per call is the window's wall time over both threads' calls."""
import itertools
import random
import threading
import time

import gilsweep

from . import stats, workloads

ROUNDS = 151
QUICK_ROUNDS = 41
#: A window lasts about this long: long enough to hide the timer, short enough
#: that the host's 200 ms stalls ruin few of them; many rounds narrow the interval.
WINDOW_S = 0.002
CONTENDED_WINDOW_S = 0.01
KNOB = 0


def callables():
    """{"hold", "release", "ctypes"}: churn's three ways in, each taking the knob."""
    return {"hold": gilsweep.kernel("churn", "hold"), "release": gilsweep.kernel("churn", "release"),
            "ctypes": workloads.CtypesKernels().lib.gs_churn}


def time_window(function, calls, threads=1):
    """Nanoseconds per call of `calls` calls on each of `threads` threads."""
    def loop():
        for _ in itertools.repeat(None, calls):
            function(KNOB)

    if threads == 1:
        started = time.perf_counter_ns()
        loop()
        return (time.perf_counter_ns() - started) / calls
    workers = [threading.Thread(target=loop) for _ in range(threads)]
    started = time.perf_counter_ns()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (time.perf_counter_ns() - started) / (calls * threads)


def calls_for(function, window_s, threads=1):
    """Calls per thread so that a window lasts about window_s."""
    calls = 1000
    while True:
        per_call_ns = time_window(function, calls, threads)
        if per_call_ns * calls * threads >= window_s * 1e9 / 4 or calls >= 10**8:
            return max(1000, int(window_s * 1e9 / (per_call_ns * threads)))
        calls *= 4


def rounds_of(functions, threads, window_s, rounds, rng):
    """{name: [ns per call, one per round]} from interleaved windows."""
    calls = {name: calls_for(function, window_s, threads) for name, function in functions.items()}
    timings = {name: [] for name in functions}
    for _ in range(rounds):
        for name in rng.sample(sorted(functions), len(functions)):
            timings[name].append(time_window(functions[name], calls[name], threads))
    return timings


def interval(differences, seed, resamples=stats.BOOTSTRAP_RESAMPLES, confidence=stats.CONFIDENCE):
    """{"ns": median, "lo", "hi": its percentile bootstrap interval, "rounds"}."""
    rng = random.Random(seed)
    medians = [stats.median([differences[rng.randrange(len(differences))] for _ in differences])
               for _ in range(resamples)]
    tail = (1 - confidence) / 2
    return {"ns": stats.median(differences), "lo": stats.quantile(medians, tail),
            "hi": stats.quantile(medians, 1 - tail), "rounds": len(differences)}


def measure(rounds=ROUNDS, seed=None):
    """The round trip uncontended and contended, ctypes' extra, and the raw per-call times."""
    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    ways = callables()
    alone = rounds_of(ways, 1, WINDOW_S, rounds, rng)
    policies = {name: ways[name] for name in ("hold", "release")}
    together = rounds_of(policies, 2, CONTENDED_WINDOW_S, rounds, rng)

    def minus(timings, a, b):
        return [x - y for x, y in zip(timings[a], timings[b])]

    return {
        "kernel": "churn", "knob": KNOB, "seed": seed, "confidence": stats.CONFIDENCE,
        "uncontended": interval(minus(alone, "release", "hold"), seed),
        "contended": interval(minus(together, "release", "hold"), seed),
        "ctypes_extra": interval(minus(alone, "ctypes", "release"), seed),
        "per_call_ns": {"alone": alone, "two_threads": together},
    }


def figure(part):
    return f"{part['ns']:.0f} [{part['lo']:.0f}, {part['hi']:.0f}]"


def table(result):
    """Markdown: the three figures with their intervals, and what each means."""
    alone = {name: stats.median(values) for name, values in result["per_call_ns"]["alone"].items()}
    together = {name: stats.median(values) for name, values in result["per_call_ns"]["two_threads"].items()}
    level = f"{result['confidence']:.0%}"
    return "\n".join([
        f"| what one call costs on top (churn, {result['knob']} iterations) | ns per call [{level} interval] | "
        "from (median ns per call) |",
        "|---|---|---|",
        f"| a GIL release and re-acquire, uncontended | {figure(result['uncontended'])} | "
        f"release {alone['release']:.0f} - hold {alone['hold']:.0f}, one thread |",
        f"| a GIL release and re-acquire, one other thread contending | {figure(result['contended'])} | "
        f"release {together['release']:.0f} - hold {together['hold']:.0f}, two threads calling |",
        f"| ctypes on top of a release | {figure(result['ctypes_extra'])} | "
        f"ctypes {alone['ctypes']:.0f} - release {alone['release']:.0f}, one thread |",
        "",
        f"Medians of {result['uncontended']['rounds']} interleaved rounds (seed {result['seed']}).",
    ])
