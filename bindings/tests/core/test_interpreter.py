"""Which Python a run measured, in words: a GIL build, or a free-threaded one with
its GIL off or on, and what python-hold and python-release mean there."""
import pytest

from gilsweep.core import interpreter
from gilsweep.core.modes import ALL_MODES

GIL_BUILD = {"gil_enabled": True, "free_threaded_build": False}
FREE_GIL_OFF = {"gil_enabled": False, "free_threaded_build": True}
FREE_GIL_ON = {"gil_enabled": True, "free_threaded_build": True}


@pytest.mark.parametrize("metadata, words, short", [
    (GIL_BUILD, "GIL on", "GIL"),
    (FREE_GIL_OFF, "free-threaded build, GIL off", "no GIL"),
    (FREE_GIL_ON, "free-threaded build, GIL on", "GIL"),
    ({}, "GIL on", "GIL"),  # a run saved before the build was recorded: a GIL build
    ({"gil_enabled": False}, "GIL off", "no GIL"),
])
def test_each_build_is_named_in_words_and_in_a_legend(metadata, words, short):
    assert interpreter.words(metadata) == words
    assert interpreter.short(metadata) == short
    assert interpreter.without_gil(metadata) == (short == "no GIL")


def test_the_swig_modes_mean_hold_and_release_with_a_gil_and_attached_and_detached_without():
    for metadata in (GIL_BUILD, FREE_GIL_ON, {}):
        assert [interpreter.meaning(m, metadata) for m in ("python-hold", "python-release")] == ["hold", "release"]
    assert [interpreter.meaning(m, FREE_GIL_OFF) for m in ("python-hold", "python-release")] == ["attached",
                                                                                               "detached"]
    others = [mode for mode in ALL_MODES if mode not in ("python-hold", "python-release")]
    for metadata in (GIL_BUILD, FREE_GIL_OFF):
        assert [interpreter.meaning(mode, metadata) for mode in others] == others


def test_only_a_run_without_a_gil_gets_a_note_in_its_summary_and_titles():
    for metadata in (GIL_BUILD, FREE_GIL_ON, {}):
        assert interpreter.note(metadata) == "" and interpreter.title_note(metadata) == ""
    assert interpreter.note(FREE_GIL_OFF) == (
        " No GIL: python-hold's calls stay attached to the interpreter, python-release's detach, and "
        "pure-python is the headline.")
    assert interpreter.title_note(FREE_GIL_OFF) == " — no GIL: python-hold = attached, python-release = detached"
