"""The names the sweep is built from, each defined once.

A *workload* is what one call does and has one work knob; it is not a kernel
name (the workload "primes" calls the kernel count_primes). A *mode* is one
way of calling a workload from two or more threads (or processes)."""

#: workload -> (the gilsweep kernel it calls, what its knob counts)
WORKLOADS = {
    "churn": ("churn", "iterations of Beazley's spin loop"),
    "gcd": ("gcd", "bits of each operand"),
    "primes": ("count_primes", "length L of the range [0, L) counted per call"),
    "primes-batch": ("is_prime_many", "random 64-bit primes tested per call"),
    "gcd-batch": ("gcd_many", "pairs of random 64-bit operands per call"),
}

#: The batch workloads and the scalar kernel each batches: their python-loop
#: mode calls that kernel once per item, in a Python loop over the same items.
BATCH_OF = {"primes-batch": "is_prime", "gcd-batch": "gcd"}

PYTHON_HOLD = "python-hold"
PYTHON_RELEASE = "python-release"
PYTHON_AUTO = "python-auto"
PYTHON_LOOP = "python-loop"
CTYPES = "ctypes"
PURE_PYTHON = "pure-python"
PROCESSES = "processes"
SWIFT_THREADS = "swift-threads"
#: A foreign callable (`gilsweep sweep --callable`) called as it is from T threads.
THREADS = "threads"

#: Every mode, in the order tables and legends list them.
MODES = (PYTHON_HOLD, PYTHON_RELEASE, PYTHON_AUTO, PYTHON_LOOP, CTYPES, PURE_PYTHON, THREADS, PROCESSES, SWIFT_THREADS)

#: The modes a foreign callable is swept in: its own GIL behaviour, and processes.
FOREIGN_MODES = (THREADS, PROCESSES)

#: The SWIG modes and the GIL policy each calls.
POLICY_OF = {PYTHON_HOLD: "hold", PYTHON_RELEASE: "release", PYTHON_AUTO: "auto"}

#: The modes that release the GIL around every call (python-auto above its
#: threshold), so that threads hand it over once per call.
RELEASE_PER_CALL = (PYTHON_RELEASE, PYTHON_AUTO, CTYPES, THREADS)  # a foreign callable may

#: The GIL-free ceiling every other mode is read against.
CEILING = SWIFT_THREADS


def applies(mode, workload):
    """Whether a mode is measured for a workload: python-loop only for batch
    workloads, pure-python only for the others (a batch has no pure-Python twin
    worth timing beside the scalar loop). A foreign callable (any workload not
    in WORKLOADS) has only FOREIGN_MODES, and threads is only for one."""
    if workload not in WORKLOADS:
        return mode in FOREIGN_MODES
    if mode == THREADS:
        return False
    if mode == PYTHON_LOOP:
        return workload in BATCH_OF
    if mode == PURE_PYTHON:
        return workload not in BATCH_OF
    return True


def runtime_of(mode):
    """Which runtime measures a mode: "swift" for the ceiling, "python" for the rest."""
    return "swift" if mode == SWIFT_THREADS else "python"
