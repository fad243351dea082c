"""A run's time: the measuring budget (waiting for the machine not counted), its
hard cap, the waiting allowance and the whole-run limit; what the run may still
do, and a record in the run of when and why it stopped (config.py has the limits)."""
import time

from . import config


class Clock:
    """Seconds since the run started, what is spent on measuring, and the limits on both.
    `weather` (weather.Weather) counts the waiting; `record` is the run's budget dict."""

    def __init__(self, sweep_config, record):
        self.config = sweep_config
        self.record = record
        self.started = time.perf_counter()
        # The run's zero on the system's monotonic clock, so its windows can be set
        # against other logs of the same clock (the noise injector's: tools/states_check.py).
        record["started_monotonic_s"] = time.monotonic()
        self.weather = None  # set once the run's Weather exists (it reads this clock)
        #: Past this (seconds into the run) no trial and no wait starts: the whole-run limit.
        self.deadline_s = (sweep_config.max_time_s - config.FINISH_SECONDS) if sweep_config.max_time_s else None

    def elapsed(self):
        return time.perf_counter() - self.started

    def measuring_s(self):
        """Time spent on anything but waiting for the machine (what the budget counts)."""
        return self.elapsed() - self.weather.waited_s

    def stop_reason(self, extra_work):
        """Why no more trials may run, or None. Extra work (a trial of a point that
        is stable by now, a re-queue, an extra round) is what the budget cuts:
        past it only still-unstable points are measured, and only while waiting
        for the machine is still allowed; at HARD_CAP_FACTOR times it, nothing."""
        if self.deadline_s is not None and self.elapsed() >= self.deadline_s:
            return self._stop("max_time")
        budget = self.config.time_budget_s
        if budget is None:
            return None
        measuring = self.measuring_s()
        if measuring >= config.HARD_CAP_FACTOR * budget:
            return self._stop("measuring_cap")
        if measuring >= budget and not self.weather.allowance_left():
            return self._stop("waiting_allowance")
        if measuring >= budget:
            self.record.setdefault("past_budget_s", self.elapsed())
            return "budget" if extra_work else None
        return None

    def _stop(self, why):
        """Records when and why the run stopped (the first time only); returns "cap"."""
        self.record.setdefault("stopped_s", self.elapsed())
        self.record.setdefault("stopped_by", why)
        return "cap"

    def allowance_spent(self):
        """Whether the run could wait and may not any more (so more trials would be measured on a bad machine)."""
        return bool(self.config.max_wait_s) and not self.weather.allowance_left()

    def count(self, key, by=1):
        """Adds to a count in the run's record (trials skipped, deferrals, ...)."""
        self.record[key] = self.record.get(key, 0) + by


def planned_measuring_s(asked, points):
    """About how long the rounds of `points` points measure on a healthy machine:
    every point its warm-up and first `repeats` trials and the closing one, a
    sequential and a parallel window of ~target_seconds each plus the canaries, its
    calibration; and a third more for the knobs a refined grid adds and the points
    that need more rounds (fitted to default runs on the development machine)."""
    rounds = asked.warmup_rounds + asked.repeats + 1
    return 1.33 * points * (rounds * (2 * asked.target_seconds + 0.05) + 2.5 * asked.target_seconds)
