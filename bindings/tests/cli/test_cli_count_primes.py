"""`gilsweep count-primes` on Dask (the [dask] extra): through a real `dask
scheduler` and two `dask worker` processes on 127.0.0.1, with one worker killed
mid-count; on the in-process LocalCluster; Ctrl-C; bad bounds; without Dask
installed; the README's transcript. Every process a test starts is killed in a
finally, pass or fail."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gilsweep
from helpers import default_sigint

distributed = pytest.importorskip("distributed", reason='the [dask] extra is not installed (pip install "./bindings[dask]")')

DASK = str(Path(sys.executable).with_name("dask"))
PI_1E9, PI_1E10 = 50847534, 455052511


def gilsweep_cli(*args, **popen):
    return subprocess.Popen([sys.executable, "-m", "gilsweep", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kill_group(process):
    """SIGKILL to a process started with start_new_session, and everything it started."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=10)


class Cluster:
    """A `dask scheduler` and `dask worker` subprocesses (no nanny: a killed worker stays dead)."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes = []
        self.workers = []

    def start(self, name, *args):
        log = open(self.tmp_path / f"{name}.log", "w")
        process = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.processes.append(process)
        return process

    def log(self):
        return "\n".join(f"--- {path.name}\n{path.read_text()[-2000:]}" for path in sorted(self.tmp_path.glob("*.log")))

    def add_worker(self, name):
        self.workers.append(self.start(name, "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                       "--host", "127.0.0.1", "--memory-limit", "0", "--name", name))

    def close(self):
        for process in reversed(self.processes):
            kill_group(process)


@pytest.fixture
def cluster(tmp_path):
    """The scheduler and two one-thread workers, registered; all killed afterwards, pass or fail."""
    cluster = Cluster(tmp_path)
    try:
        host, port = cluster.address.removeprefix("tcp://").split(":")
        cluster.start("scheduler", "scheduler", "--host", host, "--port", port, "--no-dashboard")
        cluster.add_worker("worker-a")
        cluster.add_worker("worker-b")
        with distributed.Client(cluster.address, timeout=30) as client:
            client.wait_for_workers(2, timeout=30)
        yield cluster
    except Exception:
        print(cluster.log())
        raise
    finally:
        cluster.close()


def test_count_primes_through_a_scheduler_with_two_workers(cluster):
    child = gilsweep_cli("count-primes", 0, 10**9, "--scheduler", cluster.address)
    try:
        out, err = child.communicate(timeout=60)
    finally:
        kill_group(child) if child.poll() is None else None
    assert child.returncode == 0, err
    assert out == f"{PI_1E9}\n"  # the count alone
    assert "numbers/s" in err and "on 2 Dask threads" in err


def test_a_worker_killed_mid_count_does_not_change_the_answer(cluster):
    # 1000 tasks of 10^7 numbers: a few seconds, most of it Dask's own per-task work.
    child = gilsweep_cli("count-primes", 0, 10**10, "--chunk", 10**7, "--scheduler", cluster.address)
    try:
        with distributed.Client(cluster.address, timeout=30) as client:
            deadline = time.monotonic() + 30
            while not client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
                assert time.monotonic() < deadline and child.poll() is None, "the count never started"
                time.sleep(0.05)
            time.sleep(0.3)
            assert child.poll() is None, "the count ended before a worker could be killed"
            kill_group(cluster.workers[0])
            out, err = child.communicate(timeout=60)
            assert len(client.scheduler_info()["workers"]) == 1  # the scheduler saw it go
    finally:
        kill_group(child) if child.poll() is None else None
    assert child.returncode == 0, err
    assert out == f"{PI_1E10}\n"


@pytest.mark.parametrize("gil", [None, "hold"])
def test_count_primes_on_the_default_local_cluster(gil):
    policy = ["--gil", gil] if gil else []
    done = subprocess.run([sys.executable, "-m", "gilsweep", "count-primes", "0", str(10**9), "--threads", "2",
                           *policy], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{PI_1E9}\n"
    assert f"on 2 Dask threads (GIL: {gil or 'release'})" in done.stderr


#: The policy of every count_primes call made through counted(): module-level, so that
#: the tasks' pickled functions (by reference) append to this very list.
POLICY_CALLS = []
REAL_KERNEL = gilsweep.kernel


def counted_hold(lo, hi):
    POLICY_CALLS.append("hold")
    return REAL_KERNEL("count_primes", "hold")(lo, hi)


def counted_release(lo, hi):
    POLICY_CALLS.append("release")
    return REAL_KERNEL("count_primes", "release")(lo, hi)


def test_gil_hold_reaches_every_task(monkeypatch, capsys):
    # The LocalCluster's worker runs in this process, so the tasks' calls land in POLICY_CALLS.
    from gilsweep.cli import main

    counted = {"hold": counted_hold, "release": counted_release}
    monkeypatch.setattr(gilsweep, "kernel", lambda name, gil="auto": counted[gil] if name == "count_primes"
                        else REAL_KERNEL(name, gil))
    POLICY_CALLS.clear()
    assert main(["count-primes", "0", str(10**8), "--threads", "2", "--gil", "hold", "--chunk", str(10**7)]) == 0
    assert capsys.readouterr().out == "5761455\n"
    # 10 tasks of 10^7, and the bounds' checks before them: all with the holding kernel.
    assert POLICY_CALLS.count("hold") >= 10 and set(POLICY_CALLS) == {"hold"}, POLICY_CALLS


@pytest.mark.parametrize("lo, hi, message", [
    ("5", "3", "count_primes() needs lo <= hi, got lo=5 hi=3"),
    ("-1", "3", "count_primes() argument 'lo' must not be negative, got -1"),
    ("0", str(2**64), f"count_primes() argument 'hi' must be below 2**64, got {2**64}"),
])
def test_bad_bounds_get_the_kernels_own_one_line_error(lo, hi, message):
    with pytest.raises((ValueError, OverflowError)) as kernel_error:
        gilsweep.count_primes(int(lo), int(hi))
    assert str(kernel_error.value) == message
    done = subprocess.run([sys.executable, "-m", "gilsweep", "count-primes", lo, hi], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"gilsweep: error: {message}\n"


def test_ctrl_c_cancels_the_count_and_exits_130():
    child = gilsweep_cli("count-primes", 0, 10**13, "--threads", "2", preexec_fn=default_sigint)
    try:
        time.sleep(3)  # the cluster is up and the tasks run (10^13 numbers: about half an hour)
        assert child.poll() is None
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        kill_group(child) if child.poll() is None else None
    assert child.returncode == 130, err
    assert out == ""
    assert err.rstrip().splitlines()[-1] == "gilsweep: interrupted; the pending tasks were cancelled"
    assert took < 5, f"exited {took:.1f} s after SIGINT"


BLOCK_DASK = "import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None; "


def test_without_dask_count_primes_says_how_to_install_it():
    script = BLOCK_DASK + "from gilsweep.cli import main; sys.exit(main(['count-primes', '0', '100']))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and 'pip install "./bindings[dask]"' in done.stderr


def test_the_readme_count_primes_transcript_matches_the_cli():
    """Each `$ .venv/bin/gilsweep count-primes` line of README.md and docs/*.md without
    --scheduler is run; the line after it is its exact stdout."""
    import re

    root = Path(__file__).resolve().parents[3]
    lines = [line for page in [root / "README.md"] + sorted((root / "docs").glob("*.md"))
             for block in re.findall(r"```sh\n(.*?)```", page.read_text(), flags=re.S) for line in block.splitlines()]
    runs = [(line[2:].split(), lines[index + 1]) for index, line in enumerate(lines)
            if line.startswith("$ .venv/bin/gilsweep count-primes") and "--scheduler" not in line]
    assert runs
    for argv, expected in runs:
        done = subprocess.run([sys.executable, "-m", "gilsweep", *argv[1:]], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout == expected + "\n", argv
