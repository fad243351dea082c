"""Statistics, computed only here and only from raw windows, so `gilsweep plot`
recomputes exactly what the sweep reported.

Noise on this class of VM is additive (Chen & Revels 2016): a window is only
ever made slower. Hence the ratio of medians with a bootstrap interval as the
estimate, the ratio of minimums beside it, and stalled windows left out."""
import random

#: A chunk at least this many times the window's median chunk, and at least
#: STALL_MIN_SECONDS long, means the host took the CPU away inside the window.
STALL_FACTOR = 5.0
STALL_MIN_SECONDS = 0.020
#: A point is unstable with fewer clean trials than this, or a wider interval.
MIN_CLEAN_TRIALS = 5
MAX_HALF_WIDTH = 0.15
BOOTSTRAP_RESAMPLES = 2000
CONFIDENCE = 0.95


def quantile(values, q):
    """The q-quantile (0 <= q <= 1) by linear interpolation between order statistics."""
    if not values:
        raise ValueError("quantile() of no values")
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values):
    return quantile(values, 0.5)


def chunk_summary(chunks_s):
    """(longest chunk, median chunk) over every thread of a window."""
    every = [duration for thread in chunks_s for duration in thread]
    return max(every), median(every)


def is_stalled(max_chunk_s, median_chunk_s):
    return max_chunk_s > STALL_MIN_SECONDS and max_chunk_s > STALL_FACTOR * median_chunk_s


def bootstrap_interval(seq, par, seed, resamples=BOOTSTRAP_RESAMPLES, confidence=CONFIDENCE):
    """Percentile bootstrap interval of median(seq) / median(par), resampling
    trials (a trial's two windows stay together). Seeded: the same windows
    give the same interval every time they are analysed."""
    rng = random.Random(seed)
    n = len(seq)
    ratios = []
    for _ in range(resamples):
        picks = [rng.randrange(n) for _ in range(n)]
        ratios.append(median([seq[i] for i in picks]) / median([par[i] for i in picks]))
    tail = (1 - confidence) / 2
    return quantile(ratios, tail), quantile(ratios, 1 - tail)


def estimate(trials, threads, seed):
    """Point statistics from (seq_s, par_s, in_call_s, calls_per_thread) of its clean trials.
    Returns None without clean trials."""
    if not trials:
        return None
    seq = [trial[0] for trial in trials]
    par = [trial[1] for trial in trials]
    in_call = [trial[2] for trial in trials]
    calls = trials[0][3]
    speedups = [s / p for s, p in zip(seq, par)]
    ci_lo, ci_hi = bootstrap_interval(seq, par, seed)
    speedup = median(seq) / median(par)
    return {
        "per_call_us": median(in_call) / (threads * calls) * 1e6,
        "seq_s": median(seq),
        "par_s": median(par),
        "speedup": speedup,
        "speedup_lo": quantile(speedups, 0.25),
        "speedup_hi": quantile(speedups, 0.75),
        "ci_lo": ci_lo,
        "ci_hi": ci_hi,
        "min_speedup": min(seq) / min(par),
        "unstable": len(trials) < MIN_CLEAN_TRIALS or (ci_hi - ci_lo) / 2 > MAX_HALF_WIDTH,
    }
