"""Builds gilsweep._kernels: SWIG compiles kernels.i, and the same C files that
SwiftPM builds (../CSupport) are compiled into the extension, so Python and
Swift call one implementation.

Two routes work from a clone: `pip install ./bindings` and, in this folder,
`python setup.py build_ext --inplace`. An sdist cannot work: it would have to
carry ../CSupport, which lies outside this folder."""
import glob
import os
import shutil

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
CSUPPORT = os.path.join(os.path.dirname(HERE), "CSupport")
if not os.path.isdir(CSUPPORT):
    raise SystemExit(
        "gilsweep: ../CSupport not found. Build from a clone of the repository "
        "(pip install ./bindings); an sdist cannot carry the C sources."
    )


class BuildPyAfterExt(build_py):
    """SWIG writes the proxy module gilsweep/kernels.py while building the
    extension; build_py must run after it or wheels silently lose the proxy
    (pyscard's fix)."""

    def run(self):
        self.run_command("build_ext")
        super().run()


def prefer_clang():
    """Compiles with clang, SwiftPM's compiler, when it is on PATH and CC is not
    set, so that Python and Swift run the same machine code for the same C and
    the sweep compares calling conventions, not compilers: gcc's build of the
    64-bit gcd is about 3x slower (bindings/benchmarks/compilers.sh measures it;
    the figures are in docs/batch.md). An explicit CC (the ASan build sets
    CC=gcc, whose libasan it preloads) wins; without clang, the default stays."""
    clang = shutil.which("clang")
    if clang and "CC" not in os.environ:
        os.environ["CC"] = clang  # distutils links with it too (LDSHARED follows CC)


prefer_clang()

c_sources = sorted(
    os.path.relpath(path, HERE) for path in glob.glob(os.path.join(CSUPPORT, "*.c"))
)

kernels = Extension(
    "gilsweep._kernels",
    sources=["kernels.i", "helpers.c", "scalar_kernels.c", "batch_input.c", "batch_kernels.c"] + c_sources,
    swig_opts=["-I" + os.path.relpath(os.path.join(CSUPPORT, "include"), HERE), "-outdir", "gilsweep"],
    include_dirs=[os.path.join(CSUPPORT, "include"), CSUPPORT],
    libraries=["gmp", "m"],
    # DWARF 4: valgrind 3.19 (Debian 12's, used by make leaks) cannot read the DWARF 5
    # that clang 21 writes by default, and gives up on the whole process.
    extra_compile_args=["-O3", "-std=gnu11", "-Wno-unused-function", "-gdwarf-4"],
    depends=["kernel_list.h", "helpers.h", "batch_input.h", "pycompat.h"],  # rebuild when they change, as for kernels.i
)

setup(ext_modules=[kernels], cmdclass={"build_py": BuildPyAfterExt})
