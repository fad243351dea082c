"""What one release and re-acquire of the GIL costs, in ns: the per-call
difference between churn(0)'s `release` and `hold` callables, and what ctypes
adds on top. Randomized interleaved rounds, each window timed by the thread's
own CPU clock; the median difference with a bootstrap interval, uncontended and
with another thread waiting for the GIL (docs/census.md)."""
import itertools
import json
import random
import subprocess
import sys
import threading
import time

import gilsweep

from ..core import stats, workloads

ROUNDS, PROCESSES = 31, 7
QUICK_ROUNDS, QUICK_PROCESSES = 11, 3
#: A window lasts about this long: long enough to hide the timer, short enough
#: that the host's 200 ms stalls ruin few of them; many rounds narrow the interval.
WINDOW_S = 0.002
CONTENDED_WINDOW_S = 0.01  # longer than the switch interval (5 ms): a handoff or two each
KNOB = 0
#: A window ends early, after the chunk that passes this much wall-clock time. Contended,
#: each release waits for the other thread's turn back, microseconds on a busy host, so
#: a window of calls sized by CPU time could last seconds (docs/census.md).
MAX_WALL_S = 0.25
CHUNK = 1000


def callables():
    """{"hold", "release", "ctypes"}: churn's three ways in, each taking the knob."""
    return {"hold": gilsweep.kernel("churn", "hold"), "release": gilsweep.kernel("churn", "release"),
            "ctypes": workloads.CtypesKernels().lib.gs_churn}


def time_window(function, calls, contended=False):
    """CPU nanoseconds of this thread per call, over `calls` calls; with
    contended, while another thread runs Python bytecode and so waits for the
    GIL all along. CPU time: the time this thread then spends blocked, waiting
    for its turn, is the convoy (docs/latency.md), not the release's cost. At
    most MAX_WALL_S of wall-clock time: then per call over the calls made."""
    stop = [False]

    def contender():
        while not stop[0]:
            pass

    other = threading.Thread(target=contender, name="gilsweep-round-trip-contender", daemon=True)
    if contended:
        other.start()
    try:
        started, deadline, made = time.thread_time_ns(), time.perf_counter() + MAX_WALL_S, 0
        while made < calls and time.perf_counter() < deadline:
            chunk = min(CHUNK, calls - made)
            for _ in itertools.repeat(None, chunk):
                function(KNOB)
            made += chunk
        return (time.thread_time_ns() - started) / made
    finally:
        stop[0] = True
        if contended:
            other.join()


def calls_for(function, window_s):
    """Calls so that a window costs about window_s of CPU time."""
    calls = 1000
    while True:
        per_call_ns = time_window(function, calls)
        if per_call_ns * calls >= window_s * 1e9 / 4 or calls >= 10**8:
            return max(1000, int(window_s * 1e9 / per_call_ns))
        calls *= 4


def rounds_of(functions, window_s, rounds, rng, contended=False):
    """{name: [ns per call, one per round]} from interleaved windows."""
    calls = {name: calls_for(function, window_s) for name, function in functions.items()}
    timings = {name: [] for name in functions}
    for _ in range(rounds):
        for name in rng.sample(sorted(functions), len(functions)):
            timings[name].append(time_window(functions[name], calls[name], contended))
    return timings


def interval(groups, seed, resamples=stats.BOOTSTRAP_RESAMPLES, confidence=stats.CONFIDENCE):
    """{"ns": the median of all differences, "lo", "hi": its interval, "rounds", "processes"}.
    groups: each process's per-round differences. The bootstrap resamples
    processes, then rounds within each, so the interval covers what changes from
    one process to the next (where the code and data land in memory) as well as
    from round to round."""
    rng = random.Random(seed)
    medians = []
    for _ in range(resamples):
        picked = [groups[rng.randrange(len(groups))] for _ in groups]
        medians.append(stats.median([group[rng.randrange(len(group))] for group in picked for _ in group]))
    tail = (1 - confidence) / 2
    pooled = [difference for group in groups for difference in group]
    return {"ns": stats.median(pooled), "lo": stats.quantile(medians, tail), "hi": stats.quantile(medians, 1 - tail),
            "rounds": len(pooled), "processes": len(groups)}


def measure_here(rounds, seed):
    """One process's per-call times: {"alone": {name: [ns, per round]}, "two_threads": {...}}."""
    rng = random.Random(seed)
    ways = callables()
    policies = {name: ways[name] for name in ("hold", "release")}
    return {"alone": rounds_of(ways, WINDOW_S, rounds, rng),
            "two_threads": rounds_of(policies, CONTENDED_WINDOW_S, rounds, rng, contended=True)}


def measure(quick=False, seed=None, rounds=None, processes=None):
    """The round trip uncontended and contended, ctypes' extra, and the raw per-call
    times, from `rounds` rounds in each of `processes` fresh processes, one after
    another, as pyperf spawns workers: one process's figure can sit apart from the next's
    (docs/census.md)."""
    seed = random.randrange(2**32) if seed is None else seed
    rounds = rounds or (QUICK_ROUNDS if quick else ROUNDS)
    processes = processes or (QUICK_PROCESSES if quick else PROCESSES)
    per_process = []
    for index in range(processes):
        done = subprocess.run([sys.executable, "-m", __name__, str(rounds), str(seed + index)], capture_output=True,
                              text=True, check=True)
        per_process.append(json.loads(done.stdout))

    def minus(part, a, b):
        return [[x - y for x, y in zip(times[part][a], times[part][b])] for times in per_process]

    return {
        "kernel": "churn", "knob": KNOB, "seed": seed, "confidence": stats.CONFIDENCE,
        "uncontended": interval(minus("alone", "release", "hold"), seed),
        "contended": interval(minus("two_threads", "release", "hold"), seed),
        "ctypes_extra": interval(minus("alone", "ctypes", "release"), seed),
        "per_call_ns": {part: {name: [ns for times in per_process for ns in times[part][name]]
                               for name in per_process[0][part]} for part in ("alone", "two_threads")},
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
        f"release {alone['release']:.0f} - hold {alone['hold']:.0f}, one thread, CPU time |",
        f"| a GIL release and re-acquire, another thread waiting for the GIL | {figure(result['contended'])} | "
        f"release {together['release']:.0f} - hold {together['hold']:.0f}, one thread, CPU time, another waiting |",
        f"| ctypes on top of a release | {figure(result['ctypes_extra'])} | "
        f"ctypes {alone['ctypes']:.0f} - release {alone['release']:.0f}, one thread, CPU time |",
        "",
        f"Medians of {result['uncontended']['rounds']} interleaved rounds in {result['uncontended']['processes']} "
        f"processes (seed {result['seed']}).",
    ])


if __name__ == "__main__":  # one of measure()'s processes: python -m gilsweep.probe.round_trip ROUNDS SEED
    print(json.dumps(measure_here(int(sys.argv[1]), int(sys.argv[2]))))
