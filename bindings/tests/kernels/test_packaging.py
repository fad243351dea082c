"""The two build routes the README promises, from a copy of the sources:
a wheel (which must carry SWIG's proxy module) and setup.py build_ext --inplace."""
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from helpers import copy_sources

BIN = os.path.dirname(sys.executable)  # swig from PyPI lives next to this Python


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """bindings/ and CSupport/ side by side, as in a clone, without build outputs."""
    top = tmp_path_factory.mktemp("clone")
    copy_sources(top)
    return top


def run(command, cwd):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_wheel_carries_the_swig_proxy(source_copy, tmp_path):
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(source_copy / "bindings")], cwd=tmp_path)
    wheel = next(tmp_path.glob("gilsweep-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "gilsweep/kernels.py" in names  # the proxy SWIG writes while building the extension
    assert any(name.startswith("gilsweep/_kernels") and name.endswith(".so") for name in names)
    assert {"gilsweep/py.typed", "gilsweep/__init__.pyi", "gilsweep/cli/__init__.py"} <= set(names)


def test_build_ext_inplace_gives_an_importable_package(source_copy):
    bindings = source_copy / "bindings"
    run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=bindings)
    probe = "import gilsweep; print(gilsweep.__file__, gilsweep.count_primes(0, 1000), gilsweep.gcd(12, 18))"
    output = run([sys.executable, "-c", probe], cwd=bindings).stdout.split()
    assert output[0].startswith(str(bindings)) and output[1:] == ["168", "6"]


@pytest.mark.skipif(shutil.which("clang") is None or shutil.which("readelf") is None
                    or "clang" not in os.environ.get("CC", "clang"), reason="needs clang, readelf and no other CC")
def test_the_installed_extension_is_built_by_clang_like_the_swift_package():
    # setup.py prefers clang (SwiftPM's compiler) so Python and Swift time the same machine code.
    import gilsweep._kernels as extension
    comment = subprocess.run(["readelf", "-p", ".comment", extension.__file__], capture_output=True, text=True).stdout
    assert "clang version" in comment, comment
