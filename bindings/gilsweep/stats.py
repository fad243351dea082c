"""Robust summaries for repeated timings: median and interquartile range."""


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


def summarize_speedups(seq_times, par_times):
    """Median sequential and parallel times, and the median and IQR of the per-repeat speedups."""
    speedups = [s / p for s, p in zip(seq_times, par_times)]
    return {
        "seq_s": median(seq_times),
        "par_s": median(par_times),
        "speedup": median(speedups),
        "speedup_lo": quantile(speedups, 0.25),
        "speedup_hi": quantile(speedups, 0.75),
    }
