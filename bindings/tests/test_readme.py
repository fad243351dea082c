"""The README's Python example runs as written (no snippet may drift from the code)."""
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no Python example"
    import gilsweep

    before = gilsweep.release_threshold("churn")
    try:
        for block in blocks:
            exec(compile(block, str(README), "exec"), {})
    finally:
        gilsweep.set_release_threshold("churn", before)
