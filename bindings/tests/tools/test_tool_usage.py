"""The small tool scripts that take one count (bindings/tools/count_arg.py)
refuse anything else with one usage line on stderr and a non-zero exit."""
import pytest

from helpers import run_tool

SCRIPTS = ("canary_cost.py", "thread_speed.py", "turn_taking.py")
BAD = (("two",), ("0",), ("-1",), ("2", "3"), ("1.5",), ("",))


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("args", BAD)
def test_bad_input_is_one_line_and_a_nonzero_exit(script, args):
    done = run_tool(script, *args, timeout=60)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith(f"usage: {script} [")
