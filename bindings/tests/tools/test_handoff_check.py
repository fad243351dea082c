"""tools/handoff_check.py and states_check.py: how they set canary readings and a
run's trial states against the injector's log (the measurement itself is for a
person to read, not a test: the machine is noisy)."""
import importlib.util
import json
from pathlib import Path

from helpers import TOOLS, run_tool

_spec = importlib.util.spec_from_file_location("handoff_check", Path(TOOLS) / "handoff_check.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def test_the_spans_are_the_handoff_on_stretches_as_played():
    records = [{"t": 0.0, "event": "start"}, {"t": 0.0, "event": "handoff-off"},
               {"t": 1.0, "event": "handoff-on"}, {"t": 2.5, "event": "on"}, {"t": 3.0, "event": "handoff-off"},
               {"t": 4.0, "event": "handoff-on"}, {"t": 5.0, "event": "stop"}]
    assert check.on_spans(records) == [(1.0, 3.0), (4.0, 5.0)]


def test_a_reading_is_inside_outside_or_left_out_at_an_edge():
    spans = [(1.0, 3.0), (4.0, 5.0)]
    assert check.side(1.5, 1.6, spans) == "in"
    assert check.side(3.2, 3.9, spans) == "out" and check.side(5.1, 5.2, spans) == "out"
    assert check.side(2.9, 3.1, spans) is None and check.side(0.9, 1.1, spans) is None


def test_a_run_s_trial_states_are_set_against_the_injector_s_stretches(tmp_path):
    # The injector's clock starts 100 s after the run's: its stretch 1-3 s is the run's 101-103 s.
    records = [{"t": 0.0, "event": "start", "monotonic": 1100.0}, {"t": 0.0, "event": "handoff-off"},
               {"t": 1.0, "event": "handoff-on"}, {"t": 3.0, "event": "handoff-off"}, {"t": 9.0, "event": "stop"}]
    log = tmp_path / "noise.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in records))

    def trial(point, number, start, state):
        return [{"point": point, "trial": number, "warmup": False, "kind": kind, "start_s": start + offset,
                 "wall_s": 0.1, "handoff_state": state} for kind, offset in (("seq", 0.0), ("par", 0.1))]
    windows = (trial(0, 0, 101.5, "slow") + trial(0, 1, 102.0, "slow") + trial(1, 0, 105.0, "normal")
               + trial(1, 1, 102.9, "mixed") + trial(1, 2, 106.0, "slow")
               + [{**w, "handoff_state": None} for w in trial(2, 0, 101.2, "x")])  # a point the state does not touch
    run = tmp_path / "run"
    run.mkdir()
    (run / "sweep.json").write_text(json.dumps({"windows": windows, "budget": {"started_monotonic_s": 1000.0}}))
    done = run_tool("states_check.py", str(run), str(log))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["inside the injected state: 2 trials: normal 0, slow 2, mixed 0",
                                        "outside it: 2 trials: normal 1, slow 1, mixed 0",
                                        "across an edge: 1 trials: normal 0, slow 0, mixed 1"]
    old = tmp_path / "old"
    old.mkdir()
    (old / "sweep.json").write_text(json.dumps({"windows": windows, "budget": {}}))
    refused = run_tool("states_check.py", str(old), str(log))
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "started_monotonic_s" in refused.stderr
