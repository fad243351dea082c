"""The load the victim runs next to: worker threads (or processes) calling one
mode's callable in a loop until told to stop, started and running before the
victim measures anything."""
import multiprocessing
import threading

from ..core import modes, workloads
from ..core.windows import call_seconds, pin  # noqa: F401  (call_seconds: the load's public name)

#: How long a worker may take to make its first call before the load gives up
#: (a broken callable must not hang the run).
START_TIMEOUT_S = 30.0


class ThreadLoad:
    """`count` threads calling function(*args) back to back; a context manager.
    Leaving it waits for every thread's current call to end. With first_cpu, the
    index-th thread runs on the (first_cpu + index)-th CPU (windows.pin), so the
    load keeps off the victim's core."""

    def __init__(self, function, args, count, first_cpu=None):
        self.function, self.args, self.count, self.first_cpu = function, args, count, first_cpu
        self.stop = threading.Event()
        self.started = threading.Semaphore(0)
        self.calls = [0] * count
        self.errors = []
        self.threads = [threading.Thread(target=self._loop, args=(index,), daemon=True) for index in range(count)]

    def _loop(self, index):
        if self.first_cpu is not None:
            pin(self.first_cpu + index)
        try:
            self.function(*self.args)  # the first call, then say so
            self.calls[index] += 1
            self.started.release()
            while not self.stop.is_set():
                self.function(*self.args)
                self.calls[index] += 1
        except BaseException as error:  # reported by __exit__, never lost in a thread
            self.errors.append(error)
            self.started.release()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        for _ in self.threads:
            if not self.started.acquire(timeout=START_TIMEOUT_S):
                self.__exit__(None, None, None)
                raise RuntimeError(f"a load thread made no call within {START_TIMEOUT_S:.0f} s")
        if self.errors:
            self.__exit__(None, None, None)
            raise RuntimeError(f"the load's call failed: {self.errors[0]!r}")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            if thread.is_alive():
                thread.join()
        if self.errors and exc[0] is None:
            raise RuntimeError(f"the load's call failed: {self.errors[0]!r}")


def _process_loop(workload, knob, started, stop, cpu, foreign):
    """In a worker process: the releasing kernel (or the foreign callable, resolved
    here again: forkserver children inherit nothing), back to back, until stop."""
    if cpu is not None:
        pin(cpu)
    if foreign and workload not in workloads.FOREIGN:
        workloads.add_callable(foreign["target"], foreign["arg"])
    function, args = call_of(modes.PROCESSES, workload, knob)
    function(*args)
    started.release()
    while not stop.is_set():
        function(*args)


class ProcessLoad:
    """`count` worker processes calling the workload's kernel (releasing) back to
    back: the reference without a shared GIL. The victim then sees only the
    competition for cores."""

    def __init__(self, workload, knob, count, first_cpu=None, foreign=None):
        context = multiprocessing.get_context("forkserver")
        self.started, self.stop = context.Semaphore(0), context.Event()
        self.processes = [context.Process(target=_process_loop, daemon=True, args=(
            workload, knob, self.started, self.stop, None if first_cpu is None else first_cpu + index, foreign))
            for index in range(count)]

    def __enter__(self):
        for process in self.processes:
            process.start()
        for _ in self.processes:
            if not self.started.acquire(timeout=START_TIMEOUT_S):
                self.__exit__(None, None, None)
                raise RuntimeError(f"a load process made no call within {START_TIMEOUT_S:.0f} s")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for process in self.processes:
            process.join(timeout=START_TIMEOUT_S)
            if process.is_alive():
                process.kill()
                process.join()


def call_of(mode, workload, knob, ctypes_kernels=None):
    """(function, args) of one call of a mode's load; the processes mode calls
    the releasing kernel in each process (a foreign callable as it is)."""
    if mode == modes.PROCESSES and workload not in workloads.FOREIGN:
        return workloads.swig_function(workload, "release"), workloads.operands(workload, knob)
    return workloads.call_for(mode, workload, knob, ctypes_kernels)


def make_load(mode, workload, knob, count, ctypes_kernels=None, first_cpu=None, foreign=None):
    """The load of one mode at one knob, as a context manager."""
    if mode == modes.PROCESSES:
        return ProcessLoad(workload, knob, count, first_cpu, foreign)
    return ThreadLoad(*call_of(mode, workload, knob, ctypes_kernels), count, first_cpu)
