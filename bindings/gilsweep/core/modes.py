"""The names the sweep is built from, each defined once.

A *workload* is what one call does and has one work knob; it is not a kernel
name (the workload "primes" calls the kernel count_primes). A *mode* is one
way of calling a workload from two or more threads (or processes)."""
from .registry import REGISTRY

#: workload -> (the gilsweep kernel it calls, what its knob counts), from the registry.
WORKLOADS = {name: (w.kernel, w.knob_unit) for name, w in REGISTRY.items()}

#: The batch workloads and the scalar kernel each batches: their python-loop
#: mode calls that kernel once per item, in a Python loop over the same items.
BATCH_OF = {name: w.batch_of for name, w in REGISTRY.items() if w.is_batch}

PYTHON_HOLD = "python-hold"
PYTHON_RELEASE = "python-release"
PYTHON_AUTO = "python-auto"
PYTHON_LOOP = "python-loop"
CTYPES = "ctypes"
PURE_PYTHON = "pure-python"
PROCESSES = "processes"
SWIFT_THREADS = "swift-threads"
DASK_THREADS = "dask-threads"
DASK_THREADS_HOLD = "dask-threads-hold"
DASK_PROCESSES = "dask-processes"
#: A foreign callable (`gilsweep sweep --callable`) called as it is from T threads.
THREADS = "threads"

#: The modes of a default run, in the order tables and legends list them.
MODES = (PYTHON_HOLD, PYTHON_RELEASE, PYTHON_AUTO, PYTHON_LOOP, CTYPES, PURE_PYTHON, THREADS, PROCESSES, SWIFT_THREADS)

#: The modes a foreign callable is swept in: its own GIL behaviour, and processes.
FOREIGN_MODES = (THREADS, PROCESSES)

#: Dask tasks, one call each, from a LocalCluster started before any timing:
#: one worker process with T threads calling the releasing kernel, the same
#: with the holding kernel, and T single-threaded worker processes. Opt-in
#: (`gilsweep sweep --dask`, or --modes): they need the [dask] extra, and
#: their points add minutes to a run.
DASK_MODES = (DASK_THREADS, DASK_THREADS_HOLD, DASK_PROCESSES)

#: Every mode a run can measure, in table and legend order.
ALL_MODES = MODES + DASK_MODES

#: The SWIG modes and the GIL policy each calls.
POLICY_OF = {PYTHON_HOLD: "hold", PYTHON_RELEASE: "release", PYTHON_AUTO: "auto"}

#: The GIL policy each Dask mode's tasks call the kernel with, and the SWIG
#: mode whose callable its sequential in-process baseline times.
DASK_POLICY_OF = {DASK_THREADS: "release", DASK_THREADS_HOLD: "hold", DASK_PROCESSES: "release"}
DASK_BASELINE_OF = {DASK_THREADS: PYTHON_RELEASE, DASK_THREADS_HOLD: PYTHON_HOLD, DASK_PROCESSES: PYTHON_RELEASE}

#: The modes that release the GIL around every call (python-auto above its
#: threshold), so that threads hand it over once per call.
RELEASE_PER_CALL = (PYTHON_RELEASE, PYTHON_AUTO, CTYPES, THREADS)  # a foreign callable may

#: The modes whose T threads (or processes) run on their own once started: they
#: share no lock between calls but the GIL's brief handoff, so on T cores they
#: finish together, and a parallel window in which one finished well before the
#: other ran on less than T cores for much of it (stats.BALANCE_MIN). Not hold,
#: pure-python or auto, whose threads take turns on the GIL (auto below its threshold).
RUN_APART = (PYTHON_RELEASE, CTYPES, PROCESSES, SWIFT_THREADS)

#: The GIL-free ceiling every other mode is read against.
CEILING = SWIFT_THREADS


def applies(mode, workload):
    """Whether a mode is measured for a workload: python-loop only for batch
    workloads, pure-python only for the others (a batch has no pure-Python twin
    worth timing beside the scalar loop); ctypes where the workload has a ctypes
    call; the Dask modes only for the scalar
    workloads (workloads.measures also limits them to knobs of a task's size).
    A foreign callable (any workload not in WORKLOADS) has only FOREIGN_MODES,
    and threads is only for one."""
    if workload not in WORKLOADS:
        return mode in FOREIGN_MODES
    if mode == THREADS:
        return False
    if mode == PYTHON_LOOP:
        return workload in BATCH_OF
    if mode == PURE_PYTHON:
        return REGISTRY[workload].pure_python is not None
    if mode == CTYPES:
        return REGISTRY[workload].ctypes_call is not None
    if mode in DASK_MODES:
        return bool(REGISTRY[workload].dask_knobs)
    return True


def runtime_of(mode):
    """Which runtime measures a mode: "swift" for the ceiling, "python" for the rest."""
    return "swift" if mode == SWIFT_THREADS else "python"
