"""`make help` names every target of the Makefile, so a newcomer finds them all
from the one command the Makefile runs by default."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[3]
#: A rule's target at the start of a line: a plain name (files and variables aside).
RULE = re.compile(r"^([A-Za-z][\w%-]*(?:[ \t]+[A-Za-z][\w%-]*)*)[ \t]*:(?!=)", re.M)


def targets():
    names = set()
    for match in RULE.finditer((ROOT / "Makefile").read_text()):
        names.update(match.group(1).split())
    return names - {"PHONY"}


def test_make_help_lists_every_target():
    text = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "help"], capture_output=True, text=True,
                          check=True).stdout
    missing = sorted(name for name in targets() if not re.search(rf"(?<![\w-]){re.escape(name.rstrip('%'))}", text))
    assert not missing, missing


def test_the_check_sees_the_targets():
    assert {"help", "sweep", "test", "lint", "python-test-%", "leaks-swift"} <= targets()
