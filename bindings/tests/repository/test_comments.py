"""Comments and docstrings of the package state rules and point to the docs:
the figures of particular runs live in docs/ (rendered from docs/data/), where
they cannot drift from the code, and the why of a change in its commit, not an
issue number. Module docstrings stay a few lines."""
import ast
import io
import pathlib
import re
import tokenize

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "gilsweep"
MODULE_DOCSTRING_LINES = 6
#: What a figure from a particular run, or an issue number, looks like in prose.
FORBIDDEN = re.compile("|".join([
    r"(?i)\bissues?\s*#?\d+",                       # issue 12, issues 3
    r"(?<![\w&/])#\d+\b",                           # #12
    r"\d(\.\d+)?\s*[-–]\s*\d+(\.\d+)?\s*(x|×|%)",   # a measured range of speedups or shares
    r"\d\.\d+\s*[-–]\s*\d\.\d+",                    # a measured range
    r"\bread (up to |about )?\d",                   # what one run read
    r"(about|~)\s*\d+(\.\d+)?\s*(µs|us|ns)\b",      # what a call cost
    r"\d\.\d+\s*(µs|us|ns)\b",                      # a measured time
    r"\d+(\.\d+)?k/s",                              # a measured rate
    r"\bhere\)|\bthis machine\b|\bseen on\b|\bin two runs\b",  # a particular machine or run
]))


def prose(path):
    """(line, text) of every comment and docstring of a module."""
    source = path.read_text()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                for offset, line in enumerate(docstring.splitlines()):
                    yield node.body[0].lineno + offset, line


def modules():
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path.name != "kernels.py"]  # not SWIG's output


def test_comments_and_docstrings_hold_rules_not_figures_or_issue_numbers():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text.strip()}"
             for path in modules() for line, text in prose(path) if FORBIDDEN.search(text)]
    assert not found, "\n".join(found)


def test_module_docstrings_are_a_few_lines():
    long = {str(path.relative_to(PACKAGE)): len(docstring.splitlines()) for path in modules()
            if (docstring := ast.get_docstring(ast.parse(path.read_text()), clean=False))
            and len(docstring.splitlines()) > MODULE_DOCSTRING_LINES}
    assert not long, long


def test_the_patterns_see_what_they_are_for():
    for text in ("(issue 22)", "see #12", "read 1.16-1.39x", "0.89 against 2.08 µs", "about 0.3 µs",
                 "(1.00-1.08 here)", "a rate of 50k/s", "on this machine"):
        assert FORBIDDEN.search(text), text
    for text in ("1.5x", "90% of the ceiling", "the 95% interval", "docs/method.md", "colour #d62728"):
        assert not FORBIDDEN.search(text), text
