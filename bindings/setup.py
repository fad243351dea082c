"""Builds gilsweep._kernels: SWIG compiles kernels.i, and the same C files that
SwiftPM builds (CSupport/) are compiled into the extension, so Python and
Swift call one implementation.

Three routes (docs/install.md): from a clone, `pip install ./bindings` or, in
this folder, `python setup.py build_ext --inplace`, both compiling ../CSupport,
the one copy in git; and from an sdist, which carries its own copy of CSupport/
(put there by SdistWithCSupport when the sdist is made)."""
import glob
import os
import shutil

from setuptools import Extension, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(HERE)


def csupport_folder():
    """The C kernels' folder. An unpacked sdist (PKG-INFO next to this file) builds
    from the copy it carries, whatever lies beside it; a clone from ../CSupport."""
    carried = os.path.join(HERE, "CSupport")
    in_clone = os.path.join(REPOSITORY, "CSupport")
    if os.path.isfile(os.path.join(HERE, "PKG-INFO")) and os.path.isdir(carried):
        return carried
    if os.path.isdir(in_clone):
        return in_clone
    raise SystemExit(
        f"gilsweep: the C kernels (CSupport/) are not in {carried} (where an sdist carries them) "
        f"nor in {in_clone} (a clone of the repository). Install from a clone (pip install ./bindings), "
        "from an sdist made by `make dist`, or from a wheel; see docs/install.md."
    )


CSUPPORT = csupport_folder()


class SdistWithCSupport(sdist):
    """Copies CSupport/ (sources and header) and the LICENSE into the release tree,
    so the sdist builds anywhere with a C compiler and GMP's headers. Only the
    release tree gets the copy: the source folder in git never does."""

    def make_release_tree(self, base_dir, files):
        # The extension's sources include ../CSupport/*.c; copied as listed, they would land
        # in base_dir/../CSupport, which is this folder: in git's working tree.
        inside = [name for name in files if not os.path.normpath(name).startswith(os.pardir)]
        super().make_release_tree(base_dir, inside)
        shutil.copytree(CSUPPORT, os.path.join(base_dir, "CSupport"), dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.o", "__pycache__"))
        for folder in (HERE, REPOSITORY):  # an sdist made from an sdist has it next to setup.py
            license_file = os.path.join(folder, "LICENSE")
            if os.path.isfile(license_file):
                shutil.copy2(license_file, os.path.join(base_dir, "LICENSE"))
                break


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
    docs/notebook/sweep.md says why). An explicit CC (the ASan build sets
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

setup(ext_modules=[kernels], cmdclass={"build_py": BuildPyAfterExt, "sdist": SdistWithCSupport})
