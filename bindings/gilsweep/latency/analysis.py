"""From raw latency trials to one row per point, computed only here, so
`gilsweep plot` recomputes exactly what the run reported."""
from dataclasses import asdict, dataclass

from ..core.stats import median, quantile

#: A point is unstable with fewer clean trials than this, or when its trials'
#: I/O ratios spread wider than MAX_IO_SPREAD (half the interquartile range).
MIN_CLEAN_TRIALS = 3
MAX_IO_SPREAD = 0.1

#: Columns of latency.csv, in order. Times in milliseconds unless the name says otherwise.
COLUMNS = ("mode", "workload", "knob", "switch_ms", "per_call_us", "late_p50_ms", "late_p90_ms",
           "alone_late_p50_ms", "late_ratio", "io_rate", "alone_io_rate", "io_ratio", "io_ratio_lo",
           "io_ratio_hi", "trip_p50_ms", "clean", "flagged", "unstable")


@dataclass(frozen=True)
class LatencyRow:
    mode: str
    workload: str
    knob: int
    switch_ms: float
    per_call_us: float     # one call of the load, alone (the x axis)
    late_p50_ms: float     # the victim's median lateness next to the load (median over trials)
    late_p90_ms: float     # its 90th percentile
    alone_late_p50_ms: float
    late_ratio: float      # late_p50 next to the load / alone
    io_rate: float         # ping-pong round trips per second next to the load
    alone_io_rate: float
    io_ratio: float        # median over trials of (next to the load / alone): the convoy's measure
    io_ratio_lo: float     # 25th and 75th percentiles of the trials' ratios
    io_ratio_hi: float
    trip_p50_ms: float     # median round trip next to the load
    clean: int
    flagged: int
    unstable: bool

    def as_dict(self):
        return asdict(self)


assert tuple(LatencyRow.__dataclass_fields__) == COLUMNS


def trial_flag(trial):
    """Why a trial is left out, or None: the canary after it found too few cores,
    or the victim was stopped for longer than the load can explain."""
    if not trial.get("capacity_ok", True):
        return "capacity"
    if trial["alone"]["stalled"] or trial["loaded"]["stalled"]:
        return "stall"
    return None


def analyze(points, trials):
    """Rows for every point with at least one complete trial (clean ones if any)."""
    rows = []
    for point in points:
        mine = [t for t in trials if t["point"] == point["id"] and "alone" in t and "loaded" in t]
        clean = [t for t in mine if trial_flag(t) is None]
        used = clean or mine
        if not used:
            continue
        ratios = [t["loaded"]["io_rate"] / t["alone"]["io_rate"] for t in used]
        alone_late = median([t["alone"]["late_p50_s"] for t in used])
        late = median([t["loaded"]["late_p50_s"] for t in used])
        spread = (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / 2
        rows.append(LatencyRow(
            mode=point["mode"], workload=point["workload"], knob=point["knob"], switch_ms=point["switch_s"] * 1e3,
            per_call_us=point["call_s"] * 1e6, late_p50_ms=late * 1e3,
            late_p90_ms=median([t["loaded"]["late_p90_s"] for t in used]) * 1e3,
            alone_late_p50_ms=alone_late * 1e3, late_ratio=late / alone_late if alone_late > 0 else float("inf"),
            io_rate=median([t["loaded"]["io_rate"] for t in used]),
            alone_io_rate=median([t["alone"]["io_rate"] for t in used]),
            io_ratio=median(ratios), io_ratio_lo=quantile(ratios, 0.25), io_ratio_hi=quantile(ratios, 0.75),
            trip_p50_ms=median([t["loaded"]["trip_p50_s"] for t in used]) * 1e3,
            clean=len(clean), flagged=len(mine) - len(clean),
            unstable=len(clean) < MIN_CLEAN_TRIALS or spread > MAX_IO_SPREAD))
    return rows
