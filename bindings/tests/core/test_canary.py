"""The canary: its verdict on capacity and on the GIL handoff."""
from gilsweep.core import canary


def test_the_canary_judges_handoff_against_its_best_reading():
    probe = object.__new__(canary.Canary)
    probe.threads, probe.best_handoff = 2, 1.8
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.5)) == (True, True)
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=0.9)) == (True, False)  # the slow state
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.2)) == (True, False)  # its milder form
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=1.5)) == (False, True)  # one core's worth
    probe.threads = 1
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=None)) == (True, True)  # nothing to hand over


def scripted(capacities=(), speedups=(), best_handoff=1.8):
    """A 2-thread canary whose spins read `capacities` and whose handoff checks
    read `speedups`, in turn; it counts what it ran."""
    probe = object.__new__(canary.Canary)
    probe.threads, probe.best_handoff, probe.check_seq = 2, best_handoff, 1.0
    spins, checks = list(capacities), list(speedups)
    probe.spun, probe.checked = 0, 0

    def capacity_once():
        probe.spun += 1
        return spins.pop(0)

    def check_window(threads):
        probe.checked += 1
        return probe.check_seq / checks.pop(0)

    probe._capacity_once, probe._check_window = capacity_once, check_window
    return probe


def test_a_reading_stops_at_the_first_spin_that_finds_t_cores():
    healthy = scripted([1.95, 1.0, 1.0])
    assert healthy.read(handoff=False).capacity == 1.95 and healthy.spun == 1
    late = scripted([1.0, 1.02, 1.9])
    assert late.read(handoff=False).capacity == 1.9 and late.spun == 3
    bad = scripted([1.0, 1.1, 0.9])
    reading = bad.read(handoff=False)
    assert reading.capacity == 1.1 and bad.spun == canary.SPINS and bad.verdict(reading) == (False, True)


def test_the_handoff_reading_stops_once_two_of_three_checks_agree():
    fast = scripted([1.9], [1.6, 1.5, 0.1])  # the cut is 0.7 * 1.8 = 1.26
    reading = fast.read()
    assert fast.checked == 2 and abs(reading.handoff - 1.55) < 1e-9 and fast.healthy(reading)
    slow = scripted([1.9], [0.8, 0.9, 1.9])
    reading = slow.read()
    assert slow.checked == 2 and abs(reading.handoff - 0.85) < 1e-9 and fast.verdict(reading) == (True, False)
    split = scripted([1.9], [0.8, 1.7, 1.4])
    assert split.read().handoff == 1.4 and split.checked == 3  # the median of all three


def test_stopping_early_never_changes_the_verdict():
    """Against the full best-of-three and median-of-three, on every mix of
    readings either side of the cuts (capacity 1.3, handoff 1.26)."""
    import itertools
    values = {"capacity": (0.9, 1.29, 1.3, 1.8), "handoff": (0.7, 1.25, 1.26, 1.6)}
    for spins in itertools.product(values["capacity"], repeat=3):
        for checks in itertools.product(values["handoff"], repeat=3):
            early = scripted(spins, checks)
            reading = early.read()
            full = canary.Reading(max(spins), sorted(checks)[1])
            assert early.verdict(reading) == early.verdict(full), (spins, checks)


def test_the_first_readings_that_set_the_best_handoff_take_every_check():
    probe = scripted([], [1.2, 1.3, 1.9], best_handoff=0.0)
    assert probe._handoff_reading(decide_early=False) == 1.3 and probe.checked == 3 and probe.best_handoff == 1.3
