"""What a person sees while a run goes: the progress bar (redrawn in place on a
terminal, a line now and then without one) and warnings, all on the stream given."""
import io

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


def test_without_a_terminal_the_last_step_is_written_once():
    stream = io.StringIO()
    progress = ui.Progress(stream)
    progress.step(3, 10, "early")
    assert stream.getvalue() == ""  # less than ten seconds since the last line
    progress.step(10, 10, "done")
    progress.step(10, 10, "waiting")  # the same step again: not another line
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[" + "#" * 30 + "] 10/10 ") and lines[0].endswith("s done")
    progress.close()
    progress.say("a message")
    assert stream.getvalue().splitlines()[1:] == ["a message"]  # no carriage returns, no blank line at close


def test_without_a_terminal_a_line_is_written_every_ten_seconds():
    stream = io.StringIO()
    progress = ui.Progress(stream)
    progress.started -= 25  # as if the run had started 25 s ago
    progress.step(1, 4, "first")
    progress.step(2, 4, "second")  # less than ten seconds after the first line
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[#######.......................] 1/4 ")
    assert lines[0].endswith("s first") and int(lines[0].split()[2].rstrip("s")) >= 25


def test_a_bar_of_no_steps_is_empty_not_a_division_by_zero():
    stream = io.StringIO()
    ui.Progress(stream).step(0, 0, "nothing")
    assert stream.getvalue().startswith("[" + "." * 30 + "] 0/0 ")


def test_a_warning_is_one_line_on_stderr(capsys):
    ui.warn("matplotlib is missing")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "gilsweep: warning: matplotlib is missing\n"
