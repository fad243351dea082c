#!/usr/bin/env python3
"""Does the noise injector's slow-handoff state read as one to the sweep's canary?

Calibrates a 2-thread canary on the machine as it is, starts tools/noise.py for SECONDS
with the given options (--duty 0 unless one is given: no core taken, only the handoff
state), reads the canary every EVERY seconds meanwhile, and sets each reading against
the injector's log: inside a handoff-on stretch, outside every one, or straddling an
edge (left out). Prints, per side, the readings and the shares with capacity_ok, with
handoff_ok, and with capacity_ok but not handoff_ok (the state as the host makes it).

    .venv/bin/python bindings/tools/handoff_check.py 20 -- --handoff 0.5 --handoff-on 3:6 --seed 1
    .venv/bin/python bindings/tools/handoff_check.py 20 -- --handoff 0.5 --flip --seed 2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from gilsweep.core.canary import Canary

NOISE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "noise.py")


def on_spans(records):
    """[(start, end)] of the handoff-on stretches as played, on the injector's clock."""
    spans, opened = [], None
    for r in records:
        if r["event"] == "handoff-on":
            opened = r["t"]
        elif r["event"] in ("handoff-off", "stop") and opened is not None:
            spans.append((opened, r["t"]))
            opened = None
    return spans


def side(begin, end, spans):
    """"in", "out", or None for a reading that straddles an edge."""
    if any(low <= begin and end <= high for low, high in spans):
        return "in"
    if all(end <= low or high <= begin for low, high in spans):
        return "out"
    return None


def shares(rows):
    if not rows:
        return "no readings"
    n = len(rows)
    cap = sum(c for c, _, _ in rows) / n
    hand = sum(h for _, h, _ in rows) / n
    state = sum(c and not h for c, h, _ in rows) / n
    values = [v for _, _, v in rows]
    return f"{n:4d} readings: capacity_ok {cap:.2f}, handoff_ok {hand:.2f}, " \
           f"capacity_ok and not handoff_ok {state:.2f}; handoff median {statistics.median(values):.2f}, " \
           f"highest {max(values):.2f}"


def main(argv=None):
    p = argparse.ArgumentParser(prog="handoff_check.py", description=__doc__.splitlines()[0])
    p.add_argument("seconds", type=float, help="how long the injector runs")
    p.add_argument("--every", type=float, default=0.2, help="seconds between canary readings (default 0.2)")
    p.add_argument("noise_args", nargs=argparse.REMAINDER, help="-- then noise.py's options")
    a = p.parse_args(argv)
    noise_args = a.noise_args[1:] if a.noise_args[:1] == ["--"] else a.noise_args
    canary = Canary(2)
    print(f"calibrated: best handoff {canary.best_handoff:.2f}")
    readings = []
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "noise.jsonl")
        proc = subprocess.Popen([sys.executable, NOISE, "--duty", "0", *noise_args,
                                 "--duration", str(a.seconds), "--log", log])
        try:
            while proc.poll() is None:
                begin = time.monotonic()
                reading = canary.read()
                readings.append((begin, time.monotonic(), reading, canary.verdict(reading)))
                time.sleep(max(0.0, begin + a.every - time.monotonic()))
        finally:
            proc.terminate()
            proc.wait()
        with open(log) as source:
            records = [json.loads(line) for line in source]
    if proc.returncode:
        return proc.returncode
    zero = records[0]["monotonic"]
    spans = on_spans(records)
    rows = {"in": [], "out": []}
    for begin, end, reading, (capacity_ok, handoff_ok) in readings:
        where = side(begin - zero, end - zero, spans)
        if where:
            rows[where].append((capacity_ok, handoff_ok, reading.handoff))
    print(f"state on {sum(high - low for low, high in spans):.1f} s of {a.seconds:g} s, "
          f"{len(spans)} stretches; best handoff at the end {canary.best_handoff:.2f}")
    print(f"inside : {shares(rows['in'])}")
    print(f"outside: {shares(rows['out'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
