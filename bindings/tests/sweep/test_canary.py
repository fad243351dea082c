"""The canary: its verdict on capacity and on the GIL handoff."""
from gilsweep.sweep import canary


def test_the_canary_judges_handoff_against_its_best_reading():
    probe = object.__new__(canary.Canary)
    probe.threads, probe.best_handoff = 2, 1.8
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.5)) == (True, True)
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=0.9)) == (True, False)  # the slow state
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.2)) == (True, False)  # its milder form
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=1.5)) == (False, True)  # one core's worth
    probe.threads = 1
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=None)) == (True, True)  # nothing to hand over
