import signal
import time

import pytest

import gilsweep


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


def default_sigint():
    """preexec_fn for a child that must turn SIGINT into KeyboardInterrupt. A shell
    that starts a command in the background (`make test &`, nohup, some CI runners)
    makes it ignore SIGINT, children inherit that, and Python then installs no
    SIGINT handler at all; a terminal's Ctrl-C reaches a child with the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
