#!/usr/bin/env python3
"""Do a run's handoff states match the noise injector's? Sets each trial of a
handoff-sensitive point (its two windows) against the injector's log of the same
run: inside a handoff-on stretch, outside every one, or straddling an edge. Prints,
per side, how many trials the run called normal, slow and mixed.

    .venv/bin/python bindings/tools/states_check.py results/bad-day-.../run1 results/bad-day-.../noise.jsonl

Needs a run that recorded its zero on the monotonic clock (budget.started_monotonic_s)."""
import argparse
import collections
import json
import os
import sys

from handoff_check import on_spans, side


def trial_spans(document):
    """[(begin, end, state)] of the measured trials that have a handoff state, on the run's clock."""
    trials = collections.defaultdict(list)
    for w in document["windows"]:
        if w.get("handoff_state") and not w["warmup"]:
            trials[(w["point"], w["trial"])].append(w)
    return [(min(w["start_s"] for w in pair), max(w["start_s"] + w["wall_s"] for w in pair), pair[0]["handoff_state"])
            for pair in trials.values() if len(pair) == 2]


def tally(document, records):
    """{side: Counter(state)} with side "in", "out" or "edge"."""
    offset = document["budget"]["started_monotonic_s"] - records[0]["monotonic"]
    spans = on_spans(records)
    found = {"in": collections.Counter(), "out": collections.Counter(), "edge": collections.Counter()}
    for begin, end, state in trial_spans(document):
        found[side(begin + offset, end + offset, spans) or "edge"][state] += 1
    return found


def main(argv=None):
    p = argparse.ArgumentParser(prog="states_check.py", description=__doc__.splitlines()[0])
    p.add_argument("run", help="a results folder (its sweep.json)")
    p.add_argument("log", help="the injector's log (noise.jsonl)")
    a = p.parse_args(argv)
    try:
        with open(os.path.join(a.run, "sweep.json")) as source:
            document = json.load(source)
        with open(a.log) as source:
            records = [json.loads(line) for line in source if line.strip()]
        found = tally(document, records)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        print(f"states_check: {error!r}", file=sys.stderr)
        return 1
    for where, label in (("in", "inside the injected state"), ("out", "outside it"), ("edge", "across an edge")):
        counts = found[where]
        print(f"{label}: {sum(counts.values())} trials: " + ", ".join(
            f"{state} {counts[state]}" for state in ("normal", "slow", "mixed")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
