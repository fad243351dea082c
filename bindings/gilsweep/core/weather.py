"""The machine's weather: whether it delivers T cores now, how often it has, and
waiting for it instead of measuring through a bad stretch. Waiting has its own
allowance (--max-wait) and never counts against the measurement budget. Every
canary reading goes into one timeline: sweep.json keeps it, the plot draws it,
the verdict reads it (docs/method.md)."""
import dataclasses
import time
from dataclasses import dataclass

#: How often a wait reads the canary. A read on a machine that is not
#: delivering T cores takes all three of its spin pairs (and the handoff check
#: where it applies), a few hundredths of a second, so waiting costs a tenth of
#: the machine or so; the bad stretches last seconds (docs/method.md).
POLL_SECONDS = 0.1
#: The window over which the progress line reports the capacity delivered.
RECENT_SECONDS = 30.0
#: A reading after a trial that finds fewer than T cores is taken again this much
#: later: the host also takes a core away for a few milliseconds at a time, and
#: such a blip after a trial says nothing about the trial, while the state that
#: spoils trials lasts seconds (docs/method.md).
CONFIRM_SECONDS = 0.05
#: At this many seconds into a run, a run whose machine gave T cores less than
#: EARLY_SHARE of the time so far says it is untrustworthy so far: the forecast's
#: few seconds can fall inside one bad stretch of a bad but usable hour, half a
#: minute rarely does, and below that share the run would wait more than twice
#: as long as it measures (docs/bad-day.md).
EARLY_SECONDS = 30.0
EARLY_SHARE = 0.3
#: A healthy reading after one trial stands as the reading before the next if
#: that starts within this long: the two readings would be back to back, and
#: readings are a good share of a run's time (docs/notebook/sweep.md).
REUSE_SECONDS = 0.1
#: A gap between two readings longer than this (a slow window, a paused run)
#: counts only this long toward the share of time the machine was healthy.
MAX_GAP_SECONDS = 2.0


@dataclass(frozen=True)
class Forecast:
    """The first seconds of a run: how often the machine delivered T cores."""
    threads: int
    seconds: float
    readings: int
    healthy_share: float
    mean_capacity: float

    def as_dict(self):
        return {"threads": self.threads, "seconds": self.seconds, "readings": self.readings,
                "healthy_share": self.healthy_share, "mean_capacity": self.mean_capacity}


class Weather:
    """The timeline of canary readings and the waiting allowance of one run.
    `clock` gives seconds since the run started (the windows' start_s clock)."""

    def __init__(self, clock, max_wait_s, status=lambda label: None, sleep=time.sleep, say=lambda line: None,
                 deadline_s=None, handoff_wait_s=None):
        self.clock = clock
        self.max_wait_s = max_wait_s
        #: The part of the allowance a run may spend waiting for a normal GIL handoff
        #: while the machine gives T cores (None: all of it). Once spent, trials are
        #: measured in the handoff state there is: a state is an answer, not an obstacle.
        self.handoff_wait_s = max_wait_s if handoff_wait_s is None else min(handoff_wait_s, max_wait_s)
        self.handoff_waited_s = 0.0
        self.deadline_s = deadline_s  # no waiting past this time on the clock (the run's whole-run limit), if any
        self.status = status
        self.say = say  # a line of its own: the early word
        self.sleep = sleep
        self.timeline = []  # records: schema.TIMELINE_KEYS
        self.waited_s = 0.0
        self.early = None  # {"t", "threads", "share", "untrustworthy"} once EARLY_SECONDS have passed
        self._last_after = None  # (canary, reading, t): the last healthy reading after a trial
        self._reused = None  # the reading fresh() handed out last: already in the timeline

    def record(self, canary, reading, phase):
        """Adds a reading to the timeline; returns the canary's verdict on it."""
        verdict = canary.verdict(reading)
        now = self.clock()
        self.timeline.append({"t": now, "threads": canary.threads, "capacity": reading.capacity,
                              "handoff": reading.handoff, "capacity_ok": verdict[0], "healthy": all(verdict),
                              "phase": phase})
        if self.early is None and now >= EARLY_SECONDS:
            self._early_word(canary.threads, now)
        return verdict

    def _early_word(self, threads, now):
        """Half a minute in: says so at once if the run is untrustworthy so far."""
        share = healthy_share(self.timeline, threads)
        if share is None:
            return
        self.early = {"t": now, "threads": threads, "share": share, "untrustworthy": share < EARLY_SHARE}
        if share < EARLY_SHARE:
            self.say(f"gilsweep: untrustworthy so far: in its first {now:.0f} s the machine gave {threads} cores "
                     f"only {share:.0%} of the time. The run keeps waiting for them (at most {self.max_wait_s:.0f} s "
                     "in all) and says at its end whether they came back")

    def allowance_left(self):
        return max(0.0, self.max_wait_s - self.waited_s)

    def handoff_allowance_left(self):
        return max(0.0, min(self.handoff_wait_s - self.handoff_waited_s, self.allowance_left()))

    def good_enough(self, canary, reading):
        """Whether a trial may start on this reading: T cores, and a normal handoff
        while the run may still wait for one."""
        capacity, handoff = canary.verdict(reading)
        return capacity and (handoff or self.handoff_allowance_left() <= 0)

    def forecast(self, canary, seconds):
        """Reads the machine for `seconds` (capacity only: the up-front question is
        whether it delivers T cores) and says how often it did."""
        start = self.clock()
        readings, healthy = [], 0
        while True:
            reading = canary.read(handoff=False)
            healthy += self.record(canary, reading, "forecast")[0]
            readings.append(reading)
            if self.clock() - start >= seconds:
                break
            self.sleep(POLL_SECONDS)
        return Forecast(canary.threads, self.clock() - start, len(readings), healthy / len(readings),
                        sum(r.capacity for r in readings) / len(readings))

    def wait(self, canary, handoff, first=None):
        """Reads the canary (from `first`, a reading just taken, if given, else
        from the fresh reading after the last trial, if any) until it is healthy
        or the run's waiting allowance is spent. Returns (last reading, seconds
        waited, checks made)."""
        reading = first if first is not None else self.fresh(canary, handoff)
        if reading is None:
            reading = canary.read(handoff)
        if reading is not self._reused:
            self.record(canary, reading, "before")
        checks, started = 1, self.clock()
        while (not self.good_enough(canary, reading) and self.allowance_left() > 0
               and (self.deadline_s is None or self.clock() < self.deadline_s)):
            self.status(self.waiting_label(canary, reading, self.waited_s))
            poll_started, for_handoff = self.clock(), canary.verdict(reading)[0]
            self.sleep(POLL_SECONDS)
            reading = canary.read(handoff)
            self.record(canary, reading, "wait")
            checks += 1
            spent = self.clock() - poll_started
            self.waited_s += spent
            if for_handoff:
                self.handoff_waited_s += spent
        waited = self.clock() - started if checks > 1 else 0.0
        return reading, waited, checks

    def after(self, canary, handoff):
        """The reading after a trial: (reading, checks). Fewer than T cores is
        confirmed by a second reading CONFIRM_SECONDS later, whose word stands."""
        reading = canary.read(handoff)
        self.record(canary, reading, "after")
        if canary.verdict(reading)[0]:
            if canary.healthy(reading):
                self._last_after = (canary, reading, self.clock())
            return reading, 1
        self.sleep(CONFIRM_SECONDS)
        again = canary.read(handoff=False)
        self.record(canary, again, "confirm")
        return dataclasses.replace(reading, capacity=again.capacity), 2

    def fresh(self, canary, handoff):
        """The last healthy reading after a trial, to stand as the next trial's
        reading before: if it is from this canary, has a handoff check when one is
        wanted and was taken at most REUSE_SECONDS ago; else None. Handed out once."""
        last, self._last_after = self._last_after, None
        if last is None:
            return None
        last_canary, reading, t = last
        if last_canary is not canary or (handoff and reading.handoff is None) or self.clock() - t > REUSE_SECONDS:
            return None
        self._reused = reading
        return reading

    def waiting_label(self, canary, reading, waited_s):
        what = f"{canary.threads} cores" if not canary.verdict(reading)[0] else "a fast GIL handoff"
        return (f"waiting for {what}: the machine gave {self.recent_capacity(canary.threads):.1f} of "
                f"{canary.threads} over the last {RECENT_SECONDS:.0f} s; {waited_s:.0f} s waited "
                f"of {self.max_wait_s:.0f}")

    def recent_capacity(self, threads, seconds=RECENT_SECONDS):
        now = self.clock()
        recent = [r["capacity"] for r in self.timeline if r["threads"] == threads and r["t"] >= now - seconds]
        return sum(recent) / len(recent) if recent else 0.0


def moment(record):
    """A reading's time: timeline records have t; the canary records of runs saved before the timeline, start_s."""
    return record["t"] if "t" in record else record["start_s"]


def healthy_share(timeline, threads=None):
    """The share of the time between the first and the last reading in which the
    machine delivered T cores, or None without two readings. The time between
    two readings (at most MAX_GAP_SECONDS of it) goes to their state when they
    agree and half to each when they do not: the state changed somewhere in
    between. Crediting it all to the first reading would count a lone healthy
    reading's trial, seconds long, as healthy, while unhealthy readings are
    polls apart, which would understate the bad share (docs/bad-day.md). Capacity
    only: the handoff state is a property of the trials that care, not of the
    machine's cores."""
    return time_share([r for r in timeline if threads is None or r.get("threads") == threads], capacity_ok)


def time_share(records, ok):
    """The share of the time between the first and the last record in which
    ok(record) held, spans split as healthy_share says; None without two records."""
    healthy = total = 0.0
    for record, following in zip(records, records[1:]):
        span = min(max(0.0, moment(following) - moment(record)), MAX_GAP_SECONDS)
        total += span
        healthy += span * (ok(record) + ok(following)) / 2
    return healthy / total if total > 0 else None


def handoff_shares(timeline):
    """{"normal": share, "slow": share} of the time the GIL handoff was in each
    state, read from the readings that checked it on a machine giving T cores
    (on fewer the check says nothing of the handoff); {} without two such readings.
    The readings come only around the trials that care, so gaps between them count
    at most MAX_GAP_SECONDS, as in healthy_share."""
    checked = [r for r in timeline if r.get("handoff") is not None and capacity_ok(r)]
    normal = time_share(checked, lambda record: bool(record["healthy"]))
    return {} if normal is None else {"normal": normal, "slow": 1.0 - normal}


def capacity_ok(record):
    """Whether a reading found T cores: timeline records say so; the canary records
    of runs saved before the timeline only say healthy."""
    return bool(record.get("capacity_ok", record["healthy"]))


#: Below this share of readings with T cores the forecast already calls the run untrustworthy.
HOPELESS_SHARE = 0.05
#: From this share on the forecast calls the hour quiet.
QUIET_SHARE = 0.9


def expected_minutes(measure_s, share, max_wait_s, max_time_s=None):
    """(low, high) minutes for a run that needs measure_s of a healthy machine
    when the machine is healthy `share` of the time: the measuring, and the
    waiting, which its allowance bounds; the whole-run limit bounds both."""
    waiting = min(measure_s * (1 / max(share, 1e-9) - 1), max_wait_s)
    low, high = (measure_s + 0.8 * waiting) / 60, (1.25 * measure_s + min(1.3 * waiting, max_wait_s)) / 60
    if max_time_s:
        low, high = min(low, max_time_s / 60), min(high, max_time_s / 60)
    return low, high


def fmt_minutes(low, high):
    if high < 1.5:
        return f"about {max(low * 60, 1):.0f}-{high * 60:.0f} s"
    return f"about {low:.0f}-{high:.0f} minutes" if round(high) > round(low) else f"about {high:.0f} minutes"


def forecast_line(forecast, measure_s, max_wait_s, max_time_s=None):
    """The one line a run prints first: the machine's state and what the run will cost."""
    t = forecast.threads
    seen = (f"{forecast.readings} readings over {forecast.seconds:.0f} s, {forecast.mean_capacity:.1f} of {t} "
            "cores on average")
    low, high = expected_minutes(measure_s, forecast.healthy_share, max_wait_s, max_time_s)
    if forecast.healthy_share < HOPELESS_SHARE:
        return (f"gilsweep: untrustworthy so far: the machine gave {t} cores in none of {seen}. The run waits up "
                f"to {max_wait_s:.0f} s in all for them ({fmt_minutes(low, high)}); unless they come back, "
                "its answer will be untrustworthy")
    if forecast.healthy_share >= QUIET_SHARE:
        return (f"gilsweep: a quiet hour: the machine gives {t} cores ({forecast.healthy_share:.0%} of {seen}); "
                f"expect {fmt_minutes(low, high)}")
    return (f"gilsweep: a bad hour: the machine gives {t} cores only {forecast.healthy_share:.0%} of the time "
            f"({seen}); the run waits out the bad stretches (at most {max_wait_s:.0f} s in all): "
            f"expect {fmt_minutes(low, high)}")


def canary_record(order, start_s, when, reading, verdict, waited_s, checks):
    """A raw canary record (schema.CANARY_KEYS)."""
    return {"order": order, "start_s": start_s, "when": when, "capacity": reading.capacity,
            "handoff": reading.handoff, "healthy": all(verdict), "waited_s": waited_s, "checks": checks}
