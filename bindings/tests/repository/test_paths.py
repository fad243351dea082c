"""Every repository path a comment, docstring, doc page or the Makefile names
exists: a file moved without its mentions leaves readers a dead end (two such
mentions had drifted, to test_memory.py and test_bad_input.py after the tests
moved into kernels/)."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
#: Where people read paths: sources, build files, docs.
SOURCES = ["Makefile", "Package.swift", ".ci/run", "README.md", "*.md", "docs/*.md", "scripts/*", "CSupport/**/*.[ch]",
           "CSupport/*.md", "Sources/**/*.swift", "Tests/**/*.swift", "Tests/**/*.c", "Tests/**/*.py",
           "bindings/*.py", "bindings/*.i", "bindings/*.[ch]", "bindings/*.toml", "bindings/gilsweep/**/*.py",
           "bindings/tests/**/*.py", "bindings/benchmarks/*", "bindings/tools/*"]
#: A path as people write one: a top-level folder of this repository, then a file with an extension.
PATH = re.compile(r"(?<![\w/.-])((?:bindings|CSupport|Sources|Tests|scripts|docs|\.ci)/[\w./-]*[\w-]\.(?:py|swift|c|h|i|sh|md|toml|supp|png|csv|gz))\b")


def mentioned_paths():
    for pattern in SOURCES:
        for source in ROOT.glob(pattern):
            if source.is_file() and ".build" not in source.parts:
                for match in PATH.finditer(source.read_text(errors="replace")):
                    yield source.relative_to(ROOT), match.group(1)


#: Files a build writes (SWIG's proxy module), which a fresh clone does not have yet.
GENERATED = {"bindings/gilsweep/kernels.py"}


def test_every_path_named_in_the_repository_exists():
    missing = sorted({f"{source}: {path}" for source, path in mentioned_paths()
                      if not (ROOT / path).exists() and path not in GENERATED and "NAME" not in path})
    assert not missing, "paths named but not in the repository:\n" + "\n".join(missing)


def test_the_check_sees_paths_at_all():
    assert sum(1 for _ in mentioned_paths()) > 50


def test_nothing_builds_or_fetches_an_interpreter():
    # The project supports the free-threaded CPython a user has installed: no file may
    # configure, compile or fetch one (the words are in pieces so this file names none).
    words = ["--disable" + "-gil", "build-" + "freethreaded", "nogil-3.12" + "-src", "python-" + "freethreaded/"]
    naming = sorted({f"{source.relative_to(ROOT)}: {word}" for pattern in SOURCES for source in ROOT.glob(pattern)
                     if source.is_file() and ".build" not in source.parts
                     for word in words if word in source.read_text(errors="replace")})
    assert not naming, naming
