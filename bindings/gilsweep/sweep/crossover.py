"""Where a speedup curve crosses a level (1.5x, or 90% of the ceiling): read off
the least-squares non-decreasing fit of the measured speedups (isotonic
regression), since more work per call only dilutes the per-call costs; the same
fit over the intervals' ends gives the crossing's range. "Not sustained": a point
past the crossing whose whole interval lies below the level (docs/method.md)."""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Crossing:
    x: float = None          # work per call where the fitted curve reaches the level; None: never
    low: float = None        # the same for the intervals' upper ends (the earliest it could be)
    high: float = None       # the same for the lower ends (None: not within the measured range)
    sustained: bool = False  # no later point lies wholly below the level
    first: bool = False      # the level is reached at the smallest work measured


def monotone_fit(values, weights=None):
    """The weighted least-squares non-decreasing sequence closest to values
    (pool adjacent violators, O(n))."""
    weights = weights or [1.0] * len(values)
    blocks = []  # [mean, weight, count]
    for value, weight in zip(values, weights):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight_b, count = blocks.pop()
            previous = blocks[-1]
            total = previous[1] + weight_b
            previous[0] = (previous[0] * previous[1] + mean * weight_b) / total
            previous[1], previous[2] = total, previous[2] + count
    fitted = []
    for mean, _, count in blocks:
        fitted += [mean] * count
    return fitted


def interpolate(lower, upper, level):
    """x where the segment from lower to upper (x, y) reaches y = level, in log x."""
    (x0, y0), (x1, y1) = lower, upper
    if y1 == y0 or x0 <= 0 or x1 <= 0:
        return x1
    t = (level - y0) / (y1 - y0)
    return math.exp(math.log(x0) + t * (math.log(x1) - math.log(x0)))


def first_index(fitted, level):
    """The first index at which a non-decreasing fit reaches level, or None."""
    return next((i for i, y in enumerate(fitted) if y >= level), None)


def first_reach(xs, fitted, level):
    """The log-interpolated x at which a non-decreasing fit first reaches level, or None."""
    index = first_index(fitted, level)
    if index is None:
        return None
    if index == 0:
        return xs[0]
    return interpolate((xs[index - 1], fitted[index - 1]), (xs[index], fitted[index]), level)


def crossing(points, level, weights=None):
    """Crossing of `level` by points (x, y) or (x, y, y_lo, y_hi), given in x order."""
    if not points:
        return Crossing()
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    lows = [p[2] if len(p) > 2 else p[1] for p in points]
    highs = [p[3] if len(p) > 3 else p[1] for p in points]
    fitted = monotone_fit(ys, weights)
    index = first_index(fitted, level)
    if index is None:
        return Crossing()
    x = first_reach(xs, fitted, level)
    # Points come in knob order; work per call follows it (tiny knobs may measure out of order).
    sustained = not any(hi < level for hi in highs[index + 1:])
    return Crossing(x=x, low=first_reach(xs, monotone_fit(highs, weights), level),
                    high=first_reach(xs, monotone_fit(lows, weights), level),
                    sustained=sustained, first=index == 0)
