"""Ctrl-C in a long count_primes raises KeyboardInterrupt quickly."""
import signal
import subprocess
import sys
import time

import pytest

from helpers import STOPS_WITHIN_S, default_sigint, stop_time

CHILD = """
import sys, time, gilsweep
count = gilsweep.kernel("count_primes", sys.argv[1])
print("ready", flush=True)
try:
    count(int(sys.argv[2]), int(sys.argv[3]))
except KeyboardInterrupt:
    print(time.monotonic(), flush=True)
    raise
"""


@pytest.mark.parametrize(
    "gil, lo, hi",
    [
        ("release", 0, 10**13),  # an hour of sieving
        ("hold", 0, 10**13),
        ("auto", 0, 10**13),
        # Near 2^64 every base prime below 2^32 is visited first; the range makes the whole call
        # last far longer than the bound, so a kernel that ignored SIGINT would miss it widely.
        ("release", 2**64 - 10**10, 2**64 - 1),
    ],
)
def test_sigint_ends_a_long_count_with_keyboard_interrupt(gil, lo, hi):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, gil, str(lo), str(hi)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=default_sigint,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.5)  # well inside the sieve
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    caught = float(out.strip())  # CLOCK_MONOTONIC is system-wide on Linux
    assert "KeyboardInterrupt" in err
    assert child.returncode != 0
    stopped = stop_time(f"count_primes {gil} [{lo}, {hi})", caught - sent)
    assert stopped < STOPS_WITHIN_S, f"KeyboardInterrupt {stopped:.3f} s after SIGINT"
