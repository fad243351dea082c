"""Dask (the [dask] extra): `gilsweep count-primes` on a real `dask scheduler`
and two `dask worker` processes on 127.0.0.1, with one worker killed mid-count;
on the in-process LocalCluster; Ctrl-C; bad bounds; without Dask installed;
and the dask-* sweep modes. Every process a test starts is killed in a finally."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import default_sigint

import gilsweep
from gilsweep.sweep import canary, dask_runner, engine, modes, report, workloads

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


def test_count_primes_on_the_default_local_cluster():
    done = subprocess.run([sys.executable, "-m", "gilsweep", "count-primes", "0", str(10**9), "--threads", "2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{PI_1E9}\n"
    assert "on 2 Dask threads (GIL: release)" in done.stderr


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


def test_without_dask_the_package_and_the_default_sweep_modes_still_work():
    script = BLOCK_DASK + ("import gilsweep, gilsweep.sweep; from gilsweep.sweep import dask_runner, engine, modes; "
                           "print(gilsweep.count_primes(0, 100)); "
                           "print(dask_runner.usable_modes(list(modes.MODES) + list(modes.DASK_MODES), engine.warn))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["25", str(list(modes.MODES))]
    warning, = done.stderr.splitlines()  # one line
    assert warning.startswith("gilsweep: warning: skipping dask-threads, dask-threads-hold, dask-processes: ")
    assert 'pip install "./bindings[dask]"' in warning


def test_without_dask_count_primes_says_how_to_install_it():
    script = BLOCK_DASK + "from gilsweep.cli import main; sys.exit(main(['count-primes', '0', '100']))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and 'pip install "./bindings[dask]"' in done.stderr


def test_the_dask_modes_measure_only_knobs_of_a_tasks_size():
    assert not workloads.measures(modes.DASK_THREADS, "churn", 1000)
    assert workloads.measures(modes.DASK_THREADS, "churn", 10_000_000)
    assert not workloads.measures(modes.DASK_THREADS, "primes-batch", 65536)
    # Beyond the default range: the dask modes and the ceiling only.
    assert workloads.measures(modes.SWIFT_THREADS, "churn", 300_000_000)
    assert not workloads.measures(modes.PURE_PYTHON, "churn", 300_000_000)
    assert workloads.measures(modes.PYTHON_RELEASE, "churn", 3_000_000)


def test_a_sweep_with_the_dask_modes_gives_each_a_row_and_a_crossover(monkeypatch):
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, True))
    config = engine.SweepConfig(workloads=["churn"], modes=list(modes.DASK_MODES), threads=[2],
                                knobs={"churn": [1000, 10_000_000, 30_000_000]}, repeats=2, target_seconds=0.05,
                                seed=3, extra_rounds=0, capacity_wait_s=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert {(p.mode, p.knob) for p in run.points} == {(m, k) for m in modes.DASK_MODES for k in (10_000_000, 30_000_000)}
    rows, _ = run.analyze()
    assert {r.mode for r in rows} == set(modes.DASK_MODES) and all(r.speedup > 0 for r in rows)
    # In a parallel window every task ran on a thread of the cluster: 2 threads, 2 chunk lists.
    parallel = [w for w in run.windows if w["kind"] == "par"]
    assert parallel and all(w["max_chunk_s"] > 0 for w in parallel)
    summary = report.summary_markdown(rows, {}, True)
    for mode in modes.DASK_MODES:
        assert f"| {mode} |" in summary


def test_the_readme_count_primes_transcript_matches_the_cli():
    """Each `$ .venv/bin/gilsweep count-primes` line of the README without --scheduler is
    run; the line after it is its exact stdout."""
    import re

    readme = Path(__file__).resolve().parents[2] / "README.md"
    lines = [line for block in re.findall(r"```sh\n(.*?)```", readme.read_text(), flags=re.S)
             for line in block.splitlines()]
    runs = [(line[2:].split(), lines[index + 1]) for index, line in enumerate(lines)
            if line.startswith("$ .venv/bin/gilsweep count-primes") and "--scheduler" not in line]
    assert runs
    for argv, expected in runs:
        done = subprocess.run([sys.executable, "-m", "gilsweep", *argv[1:]], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout == expected + "\n", argv
