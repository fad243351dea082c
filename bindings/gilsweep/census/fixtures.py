"""Census callables that need something set up first (a pipe to a `cat` process,
a shared database connection, a memory map), made on first use through the
module's __getattr__, so a probe reaches them by name like any other target:
`gilsweep probe gilsweep.census.fixtures:read_pipe --arg n`. They are C objects
(partials, bound methods): no Python bytecode runs around the call judged, and
the pipes' far ends are processes, which compete for no GIL of ours."""
import atexit
import functools
import mmap
import os
import sqlite3
import subprocess
import threading

_children = []


def _child(*args, **kwargs):
    child = subprocess.Popen(args, **kwargs)
    _children.append(child)
    return child


@atexit.register
def _stop_children():
    for child in _children:
        child.kill()
        child.wait()


def _read_pipe():
    """os.read(fd, n) on a pipe that a child keeps full of zeros: a read waits
    for the child at worst, never forever."""
    child = _child("cat", "/dev/zero", stdout=subprocess.PIPE)
    return functools.partial(os.read, child.stdout.fileno())


def _write_pipe():
    """os.write(fd, data) on a pipe that a child empties into /dev/null."""
    child = _child("cat", stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    return functools.partial(os.write, child.stdin.fileno())


def _database():
    """An in-memory SQLite database; the probe calls it from a thread of its own."""
    return sqlite3.connect(":memory:", check_same_thread=False)


def _mapping():
    """A 1 MiB anonymous map that lives as long as the process."""
    return mmap.mmap(-1, 1 << 20)


#: Maps new_mmap keeps, and the thread they were made on.
_kept, _kept_on = [], [None]
#: A bound on them, far above the calls of one trial (about 50 ms of them).
KEEP_AT_MOST = 100_000


def new_mmap(n):
    """mmap.mmap(-1, n) alone: the map is kept, so its munmap() (which releases
    the GIL in every version) does not run in the trial that made it. The probe
    starts each trial on a new thread, with one call it does not time; the maps
    of the trial before are dropped in that call."""
    thread = threading.current_thread()
    if thread is not _kept_on[0] or len(_kept) >= KEEP_AT_MOST:
        _kept.clear()
        _kept_on[0] = thread
    _kept.append(mmap.mmap(-1, n))


_MAKERS = {"read_pipe": _read_pipe, "write_pipe": _write_pipe, "database": _database, "mapping": _mapping}


def __getattr__(name):
    if name not in _MAKERS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = _MAKERS[name]()
    return value
