"""tools/handoff_check.py: how it sets canary readings against the injector's log (the
measurement itself is for a person to read, not a test: the machine is noisy)."""
import importlib.util
from pathlib import Path

from helpers import TOOLS

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
