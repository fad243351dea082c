"""The callable a probe or a `--callable` sweep calls: `module:attribute.path`
resolved, its arguments built from n, and every failure one line of ProbeError
that says what to fix (and, once it runs, at which knob)."""
import json
import math
import os

import pytest

from gilsweep.core.target import ProbeError, Target, resolve


def probe_error(call, *args):
    """The message of the ProbeError call(*args) raises, checked to be one line with no chained cause."""
    with pytest.raises(ProbeError) as raised:
        call(*args)
    # No "during handling of the above exception": the user sees one line, not our traceback.
    assert raised.value.__cause__ is None and (raised.value.__context__ is None or raised.value.__suppress_context__)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_a_target_resolves_to_its_callable_and_keeps_what_it_was_given():
    target = resolve("math:gcd", "(n, 12)")
    assert target.function is math.gcd and target.spec == "math:gcd" and target.expression == "(n, 12)"
    assert target.arguments(18) == (18, 12) and target.function(*target.arguments(18)) == 6
    assert resolve("os.path:join", "n").function is os.path.join  # a submodule
    assert resolve("json:JSONDecoder.decode", "n").function is json.JSONDecoder.decode  # an attribute's attribute


def test_targets_compare_by_what_was_given_not_by_compiled_code():
    assert resolve("math:gcd", "(n, 12)") == resolve("math:gcd", "(n, 12)")
    assert resolve("math:gcd", "(n, 12)") != resolve("math:gcd", "(n, 13)")
    assert "code" not in repr(resolve("math:gcd", "(n, 12)"))


def test_a_tuple_is_the_arguments_and_anything_else_is_one_argument():
    assert resolve("builtins:divmod", "(n, 7)").arguments(23) == (23, 7)
    assert resolve("builtins:len", "(n,)").arguments(5) == (5,)
    assert resolve("builtins:len", "[n] * 2").arguments(5) == ([5, 5],)
    assert resolve("builtins:len", "bytes(n)").arguments(3) == (b"\0\0\0",)
    assert resolve("builtins:len", "()").arguments(3) == ()


def test_the_expression_sees_n_the_builtins_and_the_targets_top_level_module_only():
    target = resolve("os.path:join", "os.sep * n")
    assert target.arguments(3) == (os.sep * 3,) and set(target.names) == {"os"}
    message = probe_error(resolve("math:gcd", "(hashlib.sha256, n)").arguments, 4)
    assert message == "--arg '(hashlib.sha256, n)' failed at n=4: NameError: name 'hashlib' is not defined"


def test_an_expression_that_fails_names_the_knob_it_failed_at():
    message = probe_error(resolve("math:gcd", "([0, 1, 2][n], n)").arguments, 3)
    assert message == "--arg '([0, 1, 2][n], n)' failed at n=3: IndexError: list index out of range"
    assert resolve("math:gcd", "([0, 1, 2][n], n)").arguments(2) == (2, 2)


def test_a_call_that_raises_names_the_target_the_knob_and_in_a_sweep_the_mode():
    target = resolve("builtins:int", "'x' * n")
    assert resolve("builtins:int", "str(n)").call(4, (4,)) is None
    assert probe_error(target.call, 3, target.arguments(3)) == (
        "builtins:int raised at n=3: ValueError: invalid literal for int() with base 10: 'xxx'")
    error = target.raised(5, KeyError("x"), "threads")
    assert isinstance(error, ProbeError) and str(error) == "builtins:int raised at n=5 (threads): KeyError: 'x'"


@pytest.mark.parametrize("spec", ["hashlib", "hashlib:", ":sha256", ""])
def test_a_spec_without_module_and_attribute_is_refused(spec):
    assert probe_error(resolve, spec, "n") == f"target {spec!r} must be module:attribute (e.g. hashlib:sha256)"


@pytest.mark.parametrize("spec, message", [
    ("no_such_module_gs:f", "cannot import module 'no_such_module_gs': ModuleNotFoundError: No module named "
                            "'no_such_module_gs'"),
    ("hashlib:sha257", "'hashlib' has no attribute 'sha257'"),
    ("os.path:join.nothing.deeper", "'os.path.join' has no attribute 'nothing'"),
    ("math:pi", "math:pi is not callable (it is a float)"),
    ("os:sep", "os:sep is not callable (it is a str)"),
])
def test_a_target_that_does_not_resolve_to_a_callable_is_refused(spec, message):
    assert probe_error(resolve, spec, "n") == message


def test_a_module_that_fails_while_importing_is_refused_with_its_error(tmp_path, monkeypatch):
    (tmp_path / "gs_breaks_on_import.py").write_text("raise RuntimeError('no config file')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert probe_error(resolve, "gs_breaks_on_import:f", "n") == (
        "cannot import module 'gs_breaks_on_import': RuntimeError: no config file")


@pytest.mark.parametrize("expression", ["bytes(n", "n +", "lambda: ", "x = n", ""])
def test_an_argument_that_is_not_an_expression_is_refused_before_any_call(expression):
    assert probe_error(resolve, "hashlib:sha256", expression).startswith(
        f"--arg {expression!r} is not a Python expression: ")


def test_a_target_can_be_made_by_hand():
    target = Target("fake:twice", lambda n: 2 * n, "n", compile("n", "-", "eval"))
    assert target.arguments(21) == (21,) and target.function(*target.arguments(21)) == 42 and target.names == {}
