"""Calibration: the knee, the smallest knob from which releasing the GIL stays ahead."""
from helpers import row


def test_calibrate_knee_is_where_release_stays_ahead():
    from gilsweep.sweep.calibrate import knee

    def pair(knob, hold, release):
        return [row("python-hold", knob, 1.0, hold), row("python-release", knob, 1.0, release)]

    rows = pair(10, 1.0, 0.6) + pair(100, 0.98, 1.1) + pair(1000, 0.97, 0.9) + pair(10000, 0.99, 1.5) + pair(100000, 1.0, 1.8)
    assert knee(rows) == 10000  # the blip at 100 does not count: release falls back at 1000
    assert knee(pair(10, 1.0, 0.5) + pair(20, 1.0, 0.9)) is None  # never catches up
    assert knee(pair(10, 0.7, 0.8)) is None  # ahead of hold but slower than one thread
