"""`import gilsweep` exposes the kernel API and nothing of the sweep machinery,
which lives in gilsweep.sweep behind its documented entry points."""
import subprocess
import sys

KERNEL_API = {"KERNELS", "POLICIES", "churn", "gcd", "is_prime", "next_prime", "first_primes", "count_primes",
              "is_prime_many", "next_prime_many", "gcd_many", "kernel", "release_threshold", "set_release_threshold",
              "free_threaded_build", "gil_enabled"}
SWEEP_ENTRY_POINTS = {"run_sweep", "replot", "compare_runs", "plot_side_by_side", "calibrate", "calibrate_report", "SweepConfig",
                      "PRESETS", "MODES", "WORKLOADS", "DEFAULT_KNOBS", "ResultsError", "find_binary",
                      "run_probe", "ProbeError", "PROBE_KNOBS", "foreign_config"}


def public_names(statement, name):
    """Public names of a module, read in a fresh interpreter (tests import more)."""
    code = f"{statement}; print(' '.join(n for n in dir({name}) if not n.startswith('_')))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_import_gilsweep_gives_the_kernel_api_only():
    # "kernels" is SWIG's generated proxy module, loaded by the package itself.
    assert public_names("import gilsweep", "gilsweep") == KERNEL_API | {"kernels"}
    import gilsweep

    assert set(gilsweep.__all__) == KERNEL_API


def test_the_sweep_has_documented_entry_points():
    import gilsweep.sweep

    assert set(gilsweep.sweep.__all__) == SWEEP_ENTRY_POINTS
    assert all(hasattr(gilsweep.sweep, name) for name in SWEEP_ENTRY_POINTS)


def test_the_stub_lists_the_kernels_of_kernel_list_h():
    # KERNELS comes from the extension (bindings/kernel_list.h, the one list); the
    # stub's Kernel literal is the one copy type checkers need, so it must agree.
    import ast
    import pathlib

    import gilsweep

    stub = ast.parse(pathlib.Path(gilsweep.__file__).with_name("__init__.pyi").read_text())
    kernel = next(node.value for node in stub.body if isinstance(node, ast.Assign) and node.targets[0].id == "Kernel")
    assert tuple(element.value for element in kernel.slice.elts) == gilsweep.KERNELS
    assert gilsweep.KERNELS[:2] == ("churn", "gcd") and len(gilsweep.KERNELS) == 9
