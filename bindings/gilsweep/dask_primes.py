"""Counting primes on Dask (`gilsweep count-primes`): [lo, hi) in chunks, one
task each calling the counting kernel (which releases the GIL), on an in-process
LocalCluster or an existing cluster. Orchestration only; scheduling and retries
are Dask's, an optional extra imported only when asked to count. Raises, never
exits: the CLI turns errors into exit statuses (docs/distributed.md)."""
import contextlib
import itertools
import logging
import os
import time

import gilsweep

INSTALL_HINT = 'install the extra: pip install "./bindings[dask]" (Dask and distributed from PyPI)'

#: Each thread of the cluster gets about this many tasks, so the progress bar
#: moves and a slow or lost worker costs a small share of the count. Not more:
#: every task costs the cluster milliseconds of the cores' time, and more tasks
#: per thread made a count measurably slower (docs/distributed.md)...
TASKS_PER_THREAD = 8
#: ...and no task is shorter than this (the sieve does 10^6 numbers in far
#: less time than Dask spends on a task)...
MIN_CHUNK = 10**6
#: ...or longer than this (a fraction of a second of sieving; docs/distributed.md): a
#: running task cannot be stopped, so Ctrl-C and a lost worker wait for at most one.
MAX_CHUNK = 10**9
#: The most tasks one count may make: Dask's own cost per task (docs/distributed.md)
#: makes more than this minutes of overhead.
MAX_TASKS = 10**6
#: Tasks submitted ahead per thread of the cluster (see count_primes).
IN_FLIGHT_PER_THREAD = TASKS_PER_THREAD


class DaskMissing(ImportError):
    """Dask or distributed is not installed."""


def import_distributed():
    """The distributed package, or DaskMissing saying how to install it."""
    try:
        import distributed
    except ImportError as error:
        raise DaskMissing(f"Dask is not installed ({error.name or error}); {INSTALL_HINT}") from None
    return distributed


def check_bounds(lo, hi, count=None):
    """Raises the kernel's own error for bad bounds (TypeError, ValueError,
    OverflowError, naming 'lo' or 'hi'), without counting anything: every
    call below is on an empty range or on one the kernel rejects before it
    sieves."""
    count = count or gilsweep.kernel("count_primes", "hold")
    count(lo, lo)  # lo's type, sign and size
    try:
        count(hi, hi)
    except (TypeError, ValueError, OverflowError):
        count(lo, hi)  # the same error, named 'hi'
        raise
    if lo > hi:
        count(lo, hi)  # "needs lo <= hi"


def default_chunk(lo, hi, threads):
    """Numbers per task: TASKS_PER_THREAD tasks per thread, within [MIN_CHUNK, MAX_CHUNK]."""
    per_task = -(-(hi - lo) // (max(threads, 1) * TASKS_PER_THREAD))
    return min(MAX_CHUNK, max(MIN_CHUNK, per_task))


def task_count(lo, hi, size):
    """How many chunks of `size` numbers [lo, hi) makes (the last may be shorter)."""
    return -(-(hi - lo) // size)


def chunks(lo, hi, size):
    """[lo, hi) as consecutive half-open ranges of at most `size` numbers, lazily."""
    if size < 1:
        raise ValueError(f"the chunk size must be at least 1, got {size}")
    return ((start, min(start + size, hi)) for start in range(lo, hi, size))


@contextlib.contextmanager
def quiet_logs(level=logging.ERROR):
    """Dask logs each worker and client it retires at INFO when a cluster
    closes (LocalCluster's silence_logs covers only its start): not for stderr."""
    logger = logging.getLogger("distributed")
    previous = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(previous)


class LocalCluster:
    """An in-process LocalCluster (one worker with `threads` threads) and its
    client; a context manager that closes both."""

    def __init__(self, threads):
        distributed = import_distributed()
        self.cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=threads, processes=False,
                                                dashboard_address=None, memory_limit=0,
                                                scheduler_kwargs={"dashboard_address": ":0"})
        self.client = distributed.Client(self.cluster)

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        with quiet_logs():
            self.client.close()
            self.cluster.close()


class RemoteCluster:
    """A client of an existing cluster, reached through its scheduler."""

    def __init__(self, address, timeout_s=10):
        distributed = import_distributed()
        self.client = distributed.Client(address, timeout=timeout_s)

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        self.client.close()


def check_scheduler(address):
    """Raises ValueError unless `address` reads as a scheduler's [tcp:// or tls://]HOST:PORT,
    so a typo fails at once instead of after the connection timeout."""
    scheme, separator, rest = address.rpartition("://")
    host, colon, port = rest.rpartition(":")
    if (separator and scheme not in ("tcp", "tls")) or not colon or not host.strip("[]") \
            or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"--scheduler must be tcp://HOST:PORT with a port from 1 to 65535, got {address!r}")


def connect(scheduler=None, threads=None):
    """A context manager giving a Client: of the cluster at `scheduler`, or of an
    in-process LocalCluster with `threads` threads (default: the core count)."""
    if scheduler:
        return RemoteCluster(scheduler)
    return LocalCluster(threads or os.cpu_count() or 1)


def count_primes(lo, hi, *, chunk=None, scheduler=None, threads=None, gil="release", progress=None):
    """The number of primes in [lo, hi), counted as Dask tasks; returns (count, stats).

    chunk: numbers per task (default: default_chunk over the cluster's threads).
    scheduler: "tcp://host:port" of an existing cluster; None for an in-process
    LocalCluster with `threads` threads. gil: the kernel's policy in every task
    ("release"; "hold" shows what the GIL costs). progress(done, total, numbers_done)
    is called after each task. On KeyboardInterrupt (or any error) the tasks
    still pending are cancelled before it passes on."""
    kernel = gilsweep.kernel("count_primes", gil)
    check_bounds(lo, hi, kernel)
    if scheduler:
        check_scheduler(scheduler)
    if chunk is not None and chunk < 1:
        raise ValueError(f"the chunk size must be at least 1, got {chunk}")
    if chunk is not None and task_count(lo, hi, chunk) > MAX_TASKS:
        raise ValueError(f"--chunk {chunk} cuts [{lo}, {hi}) into {task_count(lo, hi, chunk):,} tasks, more than "
                         f"{MAX_TASKS:,} (Dask spends about a millisecond on each); use a larger --chunk")
    distributed = import_distributed()
    with connect(scheduler, threads) as client:
        cluster_threads = sum(client.nthreads().values())
        if cluster_threads == 0:
            client.wait_for_workers(1, timeout=30)
            cluster_threads = sum(client.nthreads().values())
        size = chunk or default_chunk(lo, hi, cluster_threads)
        pieces, tasks = chunks(lo, hi, size), task_count(lo, hi, size)
        widths, active = {}, set()

        def submit(piece):
            # pure=False: two equal ranges (a re-run) are two tasks, never one shared result.
            future = client.submit(kernel, *piece, pure=False)
            widths[future.key] = piece[1] - piece[0]
            active.add(future)
            return future

        started = time.perf_counter()
        # A sliding window of tasks, not all at once: the scheduler takes a while
        # to forget each task, so cancelling thousands of queued tasks on Ctrl-C
        # took seconds. IN_FLIGHT_PER_THREAD = TASKS_PER_THREAD: a default count
        # is submitted whole, since a smaller window measurably slowed it
        # (docs/distributed.md).
        queue = distributed.as_completed([submit(piece) for piece in
                                          itertools.islice(pieces, IN_FLIGHT_PER_THREAD * cluster_threads)])
        total = counted = 0
        try:
            for done, future in enumerate(queue, 1):
                total += future.result()
                counted += widths.pop(future.key)
                active.discard(future)
                piece = next(pieces, None)
                if piece is not None:
                    queue.add(submit(piece))
                if progress:
                    progress(done, tasks, counted)
        except BaseException:
            client.cancel(list(active))
            raise
        elapsed = time.perf_counter() - started
    return total, {"elapsed_s": elapsed, "tasks": tasks, "threads": cluster_threads,
                   "numbers": hi - lo}
