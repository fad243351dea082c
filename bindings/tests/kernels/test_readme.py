"""The README's Python example runs as written (no snippet may drift from the code)."""
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"


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


def test_readme_shell_transcript_matches_the_cli():
    """Each `$ .build/release/gilsweep-swift ...` line is run from the repository
    root; the lines after it up to the next prompt are its exact output."""
    import subprocess

    import pytest

    from gilsweep.sweep import find_binary

    binary = find_binary()
    if binary is None:
        pytest.skip("gilsweep-swift is not built")
    transcript = [line for block in re.findall(r"```sh\n(.*?)```", README.read_text(), flags=re.S)
                  if "$ .build/release/gilsweep-swift" in block for line in block.splitlines()]
    commands = []
    for line in transcript:
        if line.startswith("$ "):
            commands.append((line[2:].split(), []))
        else:
            commands[-1][1].append(line)
    assert len(commands) >= 3
    for argv, expected in commands:
        done = subprocess.run([binary] + argv[1:], capture_output=True, text=True, timeout=120)
        assert (done.stdout + done.stderr).splitlines() == expected, argv
