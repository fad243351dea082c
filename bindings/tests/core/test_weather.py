"""The weather: waiting for the machine on a scripted canary, the forecast's
one line, and the share of time the machine delivered T cores."""
import pytest

from gilsweep.core import canary, weather


class FakeCanary:
    """A canary whose readings follow a script of capacities (the last repeats),
    judged by the real rule (at least 0.65 x T cores)."""

    def __init__(self, capacities, threads=2, cycle=False):
        self.capacities, self.threads, self.reads, self.cycle = list(capacities), threads, 0, cycle
        self.best_handoff = 1.9

    def read(self, handoff=True):
        capacity = (self.capacities[self.reads % len(self.capacities)] if self.cycle
                    else self.capacities[min(self.reads, len(self.capacities) - 1)])
        self.reads += 1
        return canary.Reading(capacity, 1.9 if handoff else None)

    verdict = canary.Canary.verdict
    healthy = canary.Canary.healthy


class FakeClock:
    """Time that passes only when the weather sleeps (or a read takes `read_s`)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def weather_with(max_wait_s):
    clock = FakeClock()
    labels = []
    return weather.Weather(clock, max_wait_s, status=labels.append, sleep=clock.sleep), clock, labels


def test_a_wait_polls_until_the_machine_delivers_t_cores_and_records_every_reading():
    sky, clock, labels = weather_with(600)
    reading, waited, checks = sky.wait(FakeCanary([1.0, 1.1, 0.9, 1.9]), handoff=False)
    assert reading.capacity == 1.9 and checks == 4 and waited == pytest.approx(3 * weather.POLL_SECONDS)
    assert [r["phase"] for r in sky.timeline] == ["before", "wait", "wait", "wait"]
    assert [r["capacity_ok"] for r in sky.timeline] == [False, False, False, True]
    assert sky.waited_s == pytest.approx(waited)
    assert len(labels) == 3 and labels[0].startswith("waiting for 2 cores: the machine gave 1.0 of 2 over the last 30 s")


def test_a_healthy_reading_after_a_trial_stands_as_the_next_ones_before_once_and_only_if_fresh():
    sky, clock, _ = weather_with(600)
    scripted = FakeCanary([2.0, 1.0])
    assert sky.after(scripted, handoff=False)[0].capacity == 2.0 and scripted.reads == 1
    reading, waited, checks = sky.wait(scripted, handoff=False)  # back to back: no new reading
    assert (reading.capacity, waited, checks, scripted.reads) == (2.0, 0.0, 1, 1)
    assert [r["phase"] for r in sky.timeline] == ["after"]  # recorded once
    assert sky.fresh(scripted, handoff=False) is None  # handed out once
    sky.after(scripted, handoff=False)  # 1.0, confirmed: not healthy, never reused
    assert sky.fresh(scripted, handoff=False) is None
    other = FakeCanary([2.0])
    sky.after(other, handoff=False)
    assert sky.fresh(scripted, handoff=False) is None  # another thread count's canary
    sky.after(other, handoff=False)
    assert sky.fresh(other, handoff=True) is None  # a handoff check wanted, none made
    sky.after(other, handoff=False)
    clock.sleep(weather.REUSE_SECONDS * 1.5)
    assert sky.fresh(other, handoff=False) is None  # too old to stand for the next trial
    sky.after(other, handoff=True)
    assert sky.fresh(other, handoff=True).handoff == 1.9


def test_a_healthy_machine_costs_no_wait():
    sky, _, labels = weather_with(600)
    reading, waited, checks = sky.wait(FakeCanary([2.0]), handoff=True)
    assert (waited, checks, labels) == (0.0, 1, []) and sky.timeline[0]["healthy"]


def test_the_waiting_allowance_is_for_the_whole_run():
    sky, _, _ = weather_with(0.35)
    never = FakeCanary([1.0])
    reading, waited, checks = sky.wait(never, handoff=False)
    assert not never.healthy(reading) and waited == pytest.approx(0.4) and checks == 5
    assert sky.allowance_left() == 0
    assert sky.wait(never, handoff=False)[1:] == (0.0, 1)  # spent: the next trial does not wait


def test_a_slow_handoff_is_waited_for_and_named_as_such():
    sky, _, labels = weather_with(600)
    slow = FakeCanary([2.0])
    slow.read = lambda handoff=True, readings=iter([0.8, 0.9, 1.8]): canary.Reading(2.0, next(readings))
    _, _, checks = sky.wait(slow, handoff=True)
    assert checks == 3 and labels[0].startswith("waiting for a fast GIL handoff")
    assert [r["capacity_ok"] for r in sky.timeline] == [True] * 3 and [r["healthy"] for r in sky.timeline] == [False, False, True]


@pytest.mark.parametrize("script, share, word", [([2.0], 1.0, "a quiet hour"), ([1.0, 2.0], 0.5, "a bad hour"),
                                                 ([1.0], 0.0, "untrustworthy so far")])
def test_the_forecast_says_in_one_line_what_to_expect(script, share, word):
    sky, _, _ = weather_with(600)
    forecast = sky.forecast(FakeCanary(script, cycle=True), seconds=2.0)
    assert forecast.healthy_share == pytest.approx(share, abs=0.05) and forecast.readings == 21
    line = weather.forecast_line(forecast, measure_s=240, max_wait_s=600)
    assert line.startswith(f"gilsweep: {word}") and "\n" not in line
    low, high = weather.expected_minutes(240, share, 600)
    assert 4 <= low <= high <= 4 * 1.25 + 10  # the measuring, and at most the waiting allowance
    if share == 0.5:
        assert "expect about 8-11 minutes" in line  # 4 minutes measuring, about as long waiting (10 of 21 healthy)
    if share == 0.0:
        assert "waits up to 600 s" in line and "will be untrustworthy" in line
    assert weather.expected_minutes(240, share, 600, max_time_s=300)[1] <= 5  # the whole-run limit bounds it


def at(t, ok):
    return {"t": t, "threads": 2, "capacity": 2.0 if ok else 1.0, "handoff": None, "capacity_ok": ok,
            "healthy": ok, "phase": "before"}


def test_the_healthy_share_is_weighted_by_time_splits_changes_and_caps_long_gaps():
    # 3 s counted as 2, half healthy (the state changed in between); then 1 s, half again.
    assert weather.healthy_share([at(0, True), at(3, False), at(4, True)]) == pytest.approx(0.5)
    assert weather.healthy_share([at(0, True), at(1, True), at(1.5, False), at(2, False)]) == pytest.approx(1.25 / 2)
    assert weather.healthy_share([at(0, True)]) is None
    # A run saved before the timeline: its canaries, start_s and healthy.
    canaries = [{"start_s": 0.0, "healthy": False}, {"start_s": 1.0, "healthy": True}, {"start_s": 2.0, "healthy": True}]
    assert weather.healthy_share(canaries) == pytest.approx(0.75)


def test_a_lone_healthy_reading_does_not_credit_the_trial_after_it():
    # One core throughout but for one reading in fifteen, as a spinner on one CPU reads
    # (docs/notebook/sweep.md): 1.4 s of polls 0.1 s apart, a lone healthy reading and a 1 s trial,
    # ten times over. Crediting the trial to the reading before it would read 0.42.
    timeline, t = [], 0.0
    for _ in range(10):
        for _ in range(14):
            timeline.append(at(t, False))
            t += 0.1
        timeline.append(at(t, True))
        t += 1.0
    timeline.append(at(t, False))
    share = weather.healthy_share(timeline)
    assert share == pytest.approx(0.55 / 2.4, abs=0.01) and share < weather.EARLY_SHARE


def test_a_blip_after_a_trial_is_confirmed_before_it_flags_the_trial():
    sky, clock, _ = weather_with(600)
    reading, checks = sky.after(FakeCanary([1.0, 2.0]), handoff=True)
    assert reading.capacity == 2.0 and checks == 2 and reading.handoff == 1.9  # a blip: the trial stands
    assert [r["phase"] for r in sky.timeline] == ["after", "confirm"] and clock() == pytest.approx(weather.CONFIRM_SECONDS)
    reading, checks = sky.after(FakeCanary([1.0]), handoff=False)
    assert reading.capacity == 1.0 and checks == 2  # a lasting state: flagged
    reading, checks = sky.after(FakeCanary([2.0]), handoff=False)
    assert checks == 1 and sky.timeline[-1]["phase"] == "after"


def test_half_a_minute_in_a_run_short_of_cores_says_it_is_untrustworthy_so_far(monkeypatch):
    said = []
    clock = FakeClock()
    sky = weather.Weather(clock, max_wait_s=600, sleep=clock.sleep, say=said.append)
    monkeypatch.setattr(weather, "EARLY_SECONDS", 2.0)
    scripted = FakeCanary([2.0, 1.0, 1.0, 1.0, 1.0], cycle=True)  # two cores a fifth of the time
    while clock() < 3.0:
        sky.record(scripted, scripted.read(handoff=False), "wait")
        clock.sleep(0.1)
    assert len(said) == 1 and said[0].startswith("gilsweep: untrustworthy so far: in its first 2 s")
    assert sky.early["untrustworthy"] and sky.early["share"] == pytest.approx(0.2, abs=0.05)


def test_half_a_minute_in_a_usable_bad_hour_says_nothing(monkeypatch):
    said = []
    clock = FakeClock()
    sky = weather.Weather(clock, max_wait_s=600, sleep=clock.sleep, say=said.append)
    monkeypatch.setattr(weather, "EARLY_SECONDS", 2.0)
    scripted = FakeCanary([2.0, 1.0], cycle=True)  # half the time: waiting pays
    while clock() < 3.0:
        sky.record(scripted, scripted.read(handoff=False), "wait")
        clock.sleep(0.1)
    assert said == [] and sky.early is not None and not sky.early["untrustworthy"]
