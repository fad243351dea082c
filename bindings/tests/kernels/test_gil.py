"""The GIL itself: a Python thread runs during a releasing call and not during a holding one.
Without a GIL (a free-threaded interpreter), it runs during both."""
import sys
import threading

import pytest

import gilsweep
from helpers import GIL, needs_gil


class Counter:
    """A Python thread that counts as fast as the GIL lets it."""

    def __init__(self):
        self.value = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while self.running:
            self.value += 1

    def __enter__(self):
        # A short switch interval shrinks the window in which the counter can
        # run between reading it and entering the call (5 ms by default).
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        self.thread.start()
        while self.value == 0:  # running for sure
            pass
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        sys.setswitchinterval(self.switch_interval)


def advance_during(call, *args):
    """How far the counter advances while `call(*args)` runs (about 200 ms)."""
    with Counter() as counter:
        before = counter.value
        call(*args)
        return counter.value - before


@pytest.fixture
def two_hundred_ms(churn_per_second):
    return int(churn_per_second * 0.2)


@needs_gil
def test_counter_advances_during_release_and_not_during_hold(two_hundred_ms):
    released = advance_during(gilsweep.kernel("churn", "release"), two_hundred_ms)
    held = advance_during(gilsweep.kernel("churn", "hold"), two_hundred_ms)
    # Released: the counter owns the GIL for the whole 200 ms (millions of
    # increments). Held: only a few switch intervals' worth sneak in around the
    # call, while reading the counter and entering and leaving the call, plus
    # scheduling delays on a busy machine (up to 7% seen on 2 cores); a call
    # that did not hold the GIL would show about 100%.
    assert released > 100_000, (released, held)
    assert held < released / 5, (released, held)


@needs_gil
def test_auto_follows_the_threshold(two_hundred_ms):
    before = gilsweep.release_threshold("churn")
    try:
        gilsweep.set_release_threshold("churn", two_hundred_ms + 1)  # the call is below: hold
        held = advance_during(gilsweep.kernel("churn", "auto"), two_hundred_ms)
        gilsweep.set_release_threshold("churn", two_hundred_ms)  # at the threshold: release
        released = advance_during(gilsweep.kernel("churn", "auto"), two_hundred_ms)
    finally:
        gilsweep.set_release_threshold("churn", before)
    assert released > 100_000 and held < released / 5, (released, held)


def test_count_primes_releases_while_it_sieves():
    released = advance_during(gilsweep.count_primes, 0, 2 * 10**9)
    assert released > 100_000


@pytest.mark.skipif(GIL, reason="with the GIL on, a holding call stops the counter (the tests above)")
@pytest.mark.parametrize("gil", ["hold", "release", "auto"])
def test_without_a_gil_the_counter_advances_during_every_policy(two_hundred_ms, gil):
    # No GIL: "hold" keeps its thread attached to the interpreter, which stops no
    # other thread, so the counter runs through all 200 ms under every policy.
    # "release" is the reference: what the counter reaches with the call detached.
    released = advance_during(gilsweep.kernel("churn", "release"), two_hundred_ms)
    advanced = advance_during(gilsweep.kernel("churn", gil), two_hundred_ms)
    assert released > 100_000 and advanced > released / 5, (released, advanced)
