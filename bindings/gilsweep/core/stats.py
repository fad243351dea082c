"""Statistics, computed only here and only from raw windows, so `gilsweep plot`
recomputes exactly what the sweep reported. Noise is additive (a window is only
ever made slower): stalled windows are left out, the estimate is the ratio of the
clean windows' lower quartiles with a bootstrap interval widened for few
trials (docs/method.md)."""
import itertools
import math
import random

#: A chunk at least this many times the window's median chunk, and at least
#: STALL_MIN_SECONDS long, means the host took the CPU away inside the window.
STALL_FACTOR = 5.0
STALL_MIN_SECONDS = 0.020
#: A window whose threads together made less than SLOW_SHARE of their typical
#: progress for SLOW_MIN_SECONDS or more ran on less machine than it had around
#: it: the host's blips of 5-70 ms. Recorded as slow_s, not a flag (docs/method.md,
#: "Slow stretches", under "What a trial must pass"). See slow_span.
SLOW_SHARE = 0.7
SLOW_MIN_SECONDS = 0.010
SLOW_BIN_SECONDS = 0.005
#: A parallel window of a mode whose threads run apart (modes.RUN_APART) whose
#: threads spent, together, less than this share of T x its wall time in their
#: calls: one finished well before the other because its CPU gave it less for
#: much of the window. The host does that for whole windows on a bad hour, evenly
#: enough that no chunk and no stretch stands out (docs/method.md).
BALANCE_MIN = 0.9
#: A point is unstable with fewer clean trials than this, or a wider interval.
MIN_CLEAN_TRIALS = 5
MAX_HALF_WIDTH = 0.15
#: The quantile of each kind's clean window times that the estimate compares.
#: Not the median: on a bad hour a third or more of the windows that every check
#: passes are still slowed as a whole (the host gives the window's threads less for
#: all of it, so no chunk and no stretch stands out, and the canaries around it
#: read healthy), and the median's interval then straddles both clusters. The
#: lower quartile stays in the unslowed cluster up to 75% of such windows; unlike
#: the minimum it rests on a quarter of the trials, not on one lucky window, and
#: has a bootstrap interval worth reading. On a quiet hour the two barely differ.
#: docs/notebook/sweep.md says what chose it.
ESTIMATE_QUANTILE = 0.25
BOOTSTRAP_RESAMPLES = 2000
CONFIDENCE = 0.95
#: Student's t at 97.5% (a two-sided 95% interval) by degrees of freedom; past
#: the table, Cornish-Fisher's expansion of it around the normal quantile.
T_975 = (None, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
         2.042)
Z_975 = 1.959964


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


def slow_span(chunks_s, sizes, least_bin_s=SLOW_BIN_SECONDS, share=SLOW_SHARE):
    """The longest stretch of a window, in seconds, in which its threads together
    made less than `share` of their typical progress: the host taking a core away
    for some milliseconds (both threads then share one; a lone thread stops),
    which slows every chunk a little and so never shows as one long chunk.

    Each thread's calls are spread evenly over the chunk that made them, and the
    progress of all threads is summed in bins of at least least_bin_s (and two
    median chunks, so a bin always holds a few chunks), up to the moment the first
    thread finishes: after that fewer threads run, as they should. Typical is the
    median bin. Threads that take turns on the GIL keep the sum steady (one runs
    while the other waits), so this holds for every mode, not only those that
    scale. `sizes` are the calls in each chunk of a thread (windows.chunk_sizes)."""
    every = [duration for thread in chunks_s for duration in thread]
    if not every:
        return 0.0
    width = max(least_bin_s, 2 * median(every))
    horizon = min(sum(thread) for thread in chunks_s)
    bins = int(horizon / width)
    if bins < 4:  # too short a window to tell a dip from its own ends
        return 0.0
    progress = [0.0] * bins
    for thread in chunks_s:
        start = 0.0
        for size, duration in zip(sizes, thread):
            end = start + duration
            rate = size / duration if duration > 0 else 0.0
            for index in range(int(start / width), min(int(end / width), bins - 1) + 1):
                overlap = min(end, (index + 1) * width) - max(start, index * width)
                if overlap > 0:
                    progress[index] += rate * overlap
            start = end
            if start >= bins * width:
                break
    typical = median(progress)
    longest = current = 0
    for value in progress:
        current = current + 1 if value < share * typical else 0
        longest = max(longest, current)
    return longest * width


def is_stalled(max_chunk_s, median_chunk_s):
    return max_chunk_s > STALL_MIN_SECONDS and max_chunk_s > STALL_FACTOR * median_chunk_s


def typical(values):
    """The estimate's statistic of one kind's window times (ESTIMATE_QUANTILE)."""
    return quantile(values, ESTIMATE_QUANTILE)


def bootstrap_interval(seq, par, seed, resamples=BOOTSTRAP_RESAMPLES, confidence=CONFIDENCE):
    """Percentile bootstrap interval of typical(seq) / typical(par), resampling
    trials (a trial's two windows stay together). Seeded: the same windows
    give the same interval every time they are analysed."""
    # The draws rng.randrange(n) would make, made in bulk: the same k-bit values, the
    # same ones rejected, so the same picks; typical() inlined. The same interval to the
    # last bit (tests/core/test_stats.py), faster, and a sweep runs this for every point.
    rng, n = random.Random(seed), len(seq)
    k, need = n.bit_length(), resamples * n
    draws = []
    while len(draws) < need:
        draws += [r for r in map(rng.getrandbits, itertools.repeat(k, need - len(draws))) if r < n]
    position = ESTIMATE_QUANTILE * (n - 1)
    low = int(position)
    high, fraction = min(low + 1, n - 1), position - low
    ratios = []
    for start in range(0, need, n):
        picks = draws[start:start + n]
        a, b = sorted(map(seq.__getitem__, picks)), sorted(map(par.__getitem__, picks))
        ratios.append((a[low] + (a[high] - a[low]) * fraction) / (b[low] + (b[high] - b[low]) * fraction))
    tail = (1 - confidence) / 2
    return quantile(ratios, tail), quantile(ratios, 1 - tail)


def t_975(degrees):
    """Student's t quantile at 97.5% for `degrees` (>= 1) degrees of freedom."""
    if degrees < len(T_975):
        return T_975[degrees]
    z = Z_975
    return z + (z ** 3 + z) / (4 * degrees) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * degrees ** 2)


def expansion(trials):
    """How much wider a percentile bootstrap interval over `trials` trials must be
    to hold its 95%: the bootstrap's spread divides by n, not n - 1, and a normal
    quantile stands where Student's t belongs (Hesterberg 2015, "expanded
    percentile interval"). It also keeps a rule that stops a point once its
    interval is narrow (sweep/stopping.py) from stopping on a lucky few trials."""
    if trials < 2:
        return 1.0  # one trial: a zero-width interval, and a point too thin to be stable anyway
    return math.sqrt(trials / (trials - 1)) * t_975(trials - 1) / Z_975


def expanded_interval(estimate_value, low, high, trials):
    """The bootstrap interval (low, high) around estimate_value, each side widened by
    expansion(trials) (never narrowed, should the estimate fall outside it; never below 0)."""
    factor = expansion(trials)
    return (max(0.0, min(low, estimate_value - factor * (estimate_value - low))),  # a speedup is never negative
            max(high, estimate_value + factor * (high - estimate_value)))


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
    speedup = typical(seq) / typical(par)
    ci_lo, ci_hi = expanded_interval(speedup, *bootstrap_interval(seq, par, seed), len(trials))
    return {
        "per_call_us": typical(in_call) / (threads * calls) * 1e6,
        "seq_s": typical(seq),
        "par_s": typical(par),
        "speedup": speedup,
        "speedup_lo": quantile(speedups, 0.25),
        "speedup_hi": quantile(speedups, 0.75),
        "ci_lo": ci_lo,
        "ci_hi": ci_hi,
        "min_speedup": min(seq) / min(par),
        "unstable": len(trials) < MIN_CLEAN_TRIALS or (ci_hi - ci_lo) / 2 > MAX_HALF_WIDTH,
    }
