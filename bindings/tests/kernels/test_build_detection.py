"""free_threaded_build() and gil_enabled(), on every kind of interpreter: the real one
this suite runs on, and fakes of the others (a free-threaded build with its GIL off,
the same build with PYTHON_GIL=1, a GIL build without sys._is_gil_enabled)."""
import sys
import sysconfig

import pytest

import gilsweep


def config_with(value):
    real = sysconfig.get_config_var
    return lambda name: value if name == "Py_GIL_DISABLED" else real(name)


def test_the_real_interpreter_is_read_from_its_own_build_configuration():
    assert gilsweep.free_threaded_build() == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if hasattr(sys, "_is_gil_enabled"):
        assert gilsweep.gil_enabled() == sys._is_gil_enabled()
    else:
        assert gilsweep.gil_enabled()


@pytest.mark.parametrize("gil_at_run_time, expected", [(False, False), (True, True)],
                         ids=["free-threaded, GIL off", "free-threaded, PYTHON_GIL=1"])
def test_a_free_threaded_build_reports_its_gil_as_the_run_time_has_it(monkeypatch, gil_at_run_time, expected):
    monkeypatch.setattr(gilsweep._sysconfig, "get_config_var", config_with(1))
    monkeypatch.setattr(gilsweep._sys, "_is_gil_enabled", lambda: gil_at_run_time, raising=False)
    assert gilsweep.free_threaded_build() is True
    assert gilsweep.gil_enabled() is expected


@pytest.mark.parametrize("config", [0, None], ids=["Py_GIL_DISABLED=0", "not set"])
def test_a_gil_build_without_the_run_time_check_has_its_gil_on(monkeypatch, config):
    monkeypatch.setattr(gilsweep._sysconfig, "get_config_var", config_with(config))
    monkeypatch.delattr(gilsweep._sys, "_is_gil_enabled", raising=False)
    assert gilsweep.free_threaded_build() is False
    assert gilsweep.gil_enabled() is True
