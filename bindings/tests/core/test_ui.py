"""What a person sees while a run goes: the progress bar (redrawn in place on a
terminal, a line now and then without one) and warnings, all on the stream given."""
import io

import pytest

from gilsweep.core import ui

WIDTH = 160


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place_on_one_line():
    stream = Terminal()
    progress = ui.Progress(stream)
    progress.step(3, 10, "churn python-hold")
    text = stream.getvalue()
    assert text.startswith("\r[#########.....................] 3/10 ") and text.endswith(" ")
    assert len(text) == 1 + WIDTH and "churn python-hold" in text and "\n" not in text
    progress.step(10, 10, "x" * 300)  # a long label is cut at the line's width
    redrawn = stream.getvalue()[len(text):]
    assert redrawn.startswith("\r[" + "#" * 30 + "] 10/10 ") and len(redrawn) == 1 + WIDTH


def test_on_a_terminal_a_message_clears_the_bar_first_and_close_ends_the_line():
    stream = Terminal()
    progress = ui.Progress(stream)
    progress.say("waiting for the machine")
    assert stream.getvalue() == "\r" + " " * WIDTH + "\r" + "waiting for the machine\n"
    progress.close()
    assert stream.getvalue().endswith("machine\n\n")


class Clock:
    """ui's time module, with a monotonic clock that moves only when told."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    made = Clock()
    monkeypatch.setattr(ui, "time", made)
    return made


def test_without_a_terminal_the_last_step_is_written_once(clock):
    stream = io.StringIO()
    progress = ui.Progress(stream)
    clock.now += 9.9
    progress.step(3, 10, "early")
    assert stream.getvalue() == ""  # less than ten seconds since the start
    progress.step(10, 10, "done")
    clock.now += 5
    progress.step(10, 10, "waiting")  # the same step again, five seconds later: not another line
    assert stream.getvalue() == "[" + "#" * 30 + "] 10/10    10s done\n"
    progress.close()
    progress.say("a message")
    assert stream.getvalue().splitlines()[1:] == ["a message"]  # no carriage returns, no blank line at close


def test_without_a_terminal_a_line_is_written_every_ten_seconds(clock):
    stream = io.StringIO()
    progress = ui.Progress(stream)
    for seconds, done in ((10, 1), (15, 2), (19.9, 3), (20, 3), (31, 4)):
        clock.now = 1000.0 + seconds
        progress.step(done, 5, f"step {done}")
    assert stream.getvalue().splitlines() == [
        "[######........................] 1/5    10s step 1",
        "[##################............] 3/5    20s step 3",
        "[########################......] 4/5    31s step 4"]


def test_a_bar_of_no_steps_is_empty_not_a_division_by_zero():
    stream = io.StringIO()
    ui.Progress(stream).step(0, 0, "nothing")
    assert stream.getvalue().startswith("[" + "." * 30 + "] 0/0 ")


def test_a_warning_is_one_line_on_stderr(capsys):
    ui.warn("matplotlib is missing")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "gilsweep: warning: matplotlib is missing\n"
