"""The names the sweep is built from, each defined once.

A *workload* is what one call does and has one work knob; it is not a kernel
name (the workload "primes" calls the kernel count_primes). A *mode* is one
way of calling a workload from two or more threads (or processes)."""

#: workload -> (the gilsweep kernel it calls, what its knob counts)
WORKLOADS = {
    "churn": ("churn", "iterations of Beazley's spin loop"),
    "gcd": ("gcd", "bits of each operand"),
    "primes": ("count_primes", "length L of the range [0, L) counted per call"),
}

PYTHON_HOLD = "python-hold"
PYTHON_RELEASE = "python-release"
PYTHON_AUTO = "python-auto"
CTYPES = "ctypes"
PURE_PYTHON = "pure-python"
PROCESSES = "processes"
SWIFT_THREADS = "swift-threads"

#: Every mode, in the order tables and legends list them.
MODES = (PYTHON_HOLD, PYTHON_RELEASE, PYTHON_AUTO, CTYPES, PURE_PYTHON, PROCESSES, SWIFT_THREADS)

#: The SWIG modes and the GIL policy each calls.
POLICY_OF = {PYTHON_HOLD: "hold", PYTHON_RELEASE: "release", PYTHON_AUTO: "auto"}

#: The GIL-free ceiling every other mode is read against.
CEILING = SWIFT_THREADS


def runtime_of(mode):
    """Which runtime measures a mode: "swift" for the ceiling, "python" for the rest."""
    return "swift" if mode == SWIFT_THREADS else "python"
