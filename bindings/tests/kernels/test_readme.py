"""The examples of README.md and docs/*.md run as written (no snippet may drift from the code)."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
PAGES = [README] + sorted((ROOT / "docs").glob("*.md"))


def blocks(language):
    """(page, code) of every fenced block in that language, README first."""
    return [(page, block) for page in PAGES
            for block in re.findall(rf"```{language}\n(.*?)```", page.read_text(), flags=re.S)]


def test_readme_python_example_runs():
    assert any(page == README for page, _ in blocks("python")), "README has no Python example"
    import gilsweep

    before = gilsweep.release_threshold("churn")
    try:
        for page, block in blocks("python"):
            exec(compile(block, str(page), "exec"), {})
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
    commands = []
    for _, block in blocks("sh"):
        in_block = []
        for line in block.splitlines():
            if line.startswith("$ "):
                in_block.append((line[2:].split(), []))
            elif in_block:
                in_block[-1][1].append(line)
        commands += in_block
    commands = [(argv, expected) for argv, expected in commands if argv[0] == ".build/release/gilsweep-swift"]
    assert len(commands) >= 3
    for argv, expected in commands:
        done = subprocess.run([binary] + argv[1:], capture_output=True, text=True, timeout=120)
        assert (done.stdout + done.stderr).splitlines() == expected, argv
