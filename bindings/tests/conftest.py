import time

import pytest

import gilsweep

try:
    import hypothesis
except ImportError:  # the property tests skip, naming it
    pass
else:
    # No per-example deadline: one host stall of this VM (200 ms, in bursts of seconds)
    # would fail a fast example as "too slow"; the kernels' speed is benchmarked, not tested.
    hypothesis.settings.register_profile("gilsweep", deadline=None)
    hypothesis.settings.load_profile("gilsweep")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: ten seconds or more: builds and installs packages in fresh virtual "
                                       "environments, or a long run of a command (deselect with -m 'not slow')")


def pytest_terminal_summary(terminalreporter):
    """The measured stop time of every interrupted call (helpers.stop_time), slowest first."""
    import helpers

    if helpers.STOP_TIMES:
        slowest = sorted(helpers.STOP_TIMES, key=lambda stop: -stop[1])
        times = ", ".join(f"{test} {seconds * 1e3:.0f} ms" for test, seconds in slowest)
        terminalreporter.write_line(f"interrupted calls stopped after (bound {helpers.STOPS_WITHIN_S} s): {times}")


@pytest.fixture(scope="session")
def churn_per_second():
    """churn iterations per second on this machine, so tests can ask for 200 ms calls."""
    n = 20_000_000
    best = min(_timed(gilsweep.kernel("churn", "hold"), n) for _ in range(3))
    return n / best


def _timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start
