"""The official free-threaded builds (3.13t and later) spell free threading
Py_GIL_DISABLED and Py_mod_gil, and none can be installed here: the extension's
C and SWIG's wrapper compile with Py_GIL_DISABLED defined against CPython 3.13's
headers, and the module then declares that it does not use the GIL
(scripts/compile-check-freethreaded.sh; make compile-check-freethreaded)."""
import os
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT


def test_the_extension_compiles_as_an_official_free_threaded_build():
    found = subprocess.run([os.path.join(ROOT, "scripts", "find-python.sh"), "3.13"], capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip("no CPython 3.13 here (pyenv, python3.13 on PATH): its headers are what is checked")
    swig = shutil.which("swig", path=os.path.dirname(sys.executable)) or shutil.which("swig")
    if swig is None:
        pytest.skip("no swig (pip install swig)")
    if shutil.which(os.environ.get("CC", "cc")) is None:
        pytest.skip("no C compiler")
    done = subprocess.run([os.path.join(ROOT, "scripts", "compile-check-freethreaded.sh"), found.stdout.strip(), swig],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "declares Py_mod_gil" in done.stdout
