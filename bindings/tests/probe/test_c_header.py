"""The header calibrate writes: measured values as #defines, the machine and
date in a comment, and C that compiles where a compiler is."""
import shutil
import subprocess

import pytest
from census.test_census_report import TRIP

from gilsweep.probe import c_header

MACHINE = {"cpu_model": "AMD EPYC", "cores": 2, "python_version": "3.11.7"}
FOUND = [("churn", "churn", 3000), ("gcd", "gcd", None)]


def test_measured_values_become_defines_and_the_rest_comments():
    text = c_header.header(FOUND, TRIP, MACHINE, when="2026-12-05 07:00 UTC")
    assert text.splitlines()[0] == "/* Measured by gilsweep calibrate on AMD EPYC (2 cores), CPython 3.11.7, 2026-12-05 07:00 UTC."
    assert "#define GILSWEEP_GIL_ROUND_TRIP_NS 28  /* [27, 29] */" in text
    assert "#define GILSWEEP_GIL_ROUND_TRIP_CONTENDED_NS 40  /* [35, 45] */" in text
    assert "#define GILSWEEP_CTYPES_EXTRA_NS 170  /* [165, 175] */" in text
    assert "#define GILSWEEP_CHURN_RELEASE_THRESHOLD 3000  /* iterations of Beazley's spin loop */" in text
    assert "/* gcd: releasing never caught up within the knobs measured */" in text
    assert "GILSWEEP_GIL_ROUND_TRIP_NS" not in c_header.header(FOUND, None, MACHINE)


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_the_header_compiles_as_an_extension_would_use_it(tmp_path):
    (tmp_path / "measured.h").write_text(c_header.header(FOUND, TRIP, MACHINE))
    (tmp_path / "use.c").write_text('#include "measured.h"\n'
                                    "int release_pays(long work) { return work >= GILSWEEP_CHURN_RELEASE_THRESHOLD; }\n"
                                    "int round_trip_ns(void) { return GILSWEEP_GIL_ROUND_TRIP_NS; }\n")
    done = subprocess.run(["cc", "-Wall", "-Werror", "-fsyntax-only", str(tmp_path / "use.c")], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
