"""tools/noise.py, the bad-day injector: its planned timeline, and that a real run
takes a CPU (or, in the slow-handoff state, pulses every CPU), stops by itself or on
a signal, and never leaves a spinner behind."""
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import TOOLS, run_tool

SCRIPT = Path(TOOLS) / "noise.py"
_spec = importlib.util.spec_from_file_location("noise", SCRIPT)
noise = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(noise)


def plan(seed=1, duty=0.5, on=(1.0, 8.0), cpu=None, cpus=(0, 1), stalls=0.0, duration=100.0,
         handoff=0.0, handoff_on=noise.HANDOFF_ON):
    return list(noise.plan(seed, duty, on, cpu, cpus, stalls, duration, handoff, handoff_on))


def stretches(events):
    return [e for e in events if e["event"] in ("on", "off")]


def handoffs(events):
    return [e for e in events if e["event"] in ("handoff-on", "handoff-off")]


def cli(*args):
    return run_tool("noise.py", *args, timeout=20)


def spinners():
    """Live noise-spinner processes, pid -> parent pid. Zombies don't count: they take
    no CPU, and an orphan's zombie waits for whatever reaper PID 1 is."""
    found = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "noise-spinner":
                continue
            stat = (comm.parent / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(comm.parent.name)] = int(ppid)
    return found


def start(tmp_path, *args, sigint=signal.SIG_DFL):
    """The injector, its log, and its stderr in a file: a leaked spinner holding a pipe
    would make a failing test wait for the spinner's own deadline."""
    log = tmp_path / "noise.jsonl"
    with open(tmp_path / "stderr.txt", "w") as stderr:
        # The shell that started pytest in the background may have set SIGINT to ignored.
        proc = subprocess.Popen([sys.executable, str(SCRIPT), *args, "--log", str(log)], stderr=stderr,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
    return proc, log


def spinner_of(proc, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        mine = [pid for pid, ppid in spinners().items() if ppid == proc.pid]
        if mine:
            return mine[0]
        time.sleep(0.005)
    raise AssertionError("the injector started no spinner")


def watch(proc, timeout=15.0):
    """Polls the injector's spinners until it exits: one {pid: (CPUs, nice)} per look."""
    looks = []
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        look = {}
        for pid, ppid in spinners().items():
            if ppid == proc.pid:
                try:
                    look[pid] = (os.sched_getaffinity(pid), os.getpriority(os.PRIO_PROCESS, pid))
                except (ProcessLookupError, PermissionError):  # reaped meanwhile
                    pass
        looks.append(look)
        time.sleep(0.005)
    return looks


def watched_run(tmp_path, *args):
    """Runs the injector to its own end, watching its spinners: (looks, its stderr, its timeline)."""
    proc, log = start(tmp_path, *args)
    try:
        looks = watch(proc)
        assert proc.wait(timeout=1) == 0
    finally:
        proc.kill()
        proc.wait()
    return looks, (tmp_path / "stderr.txt").read_text(), records(log)


def records(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


# The plan

def test_the_plan_is_a_function_of_the_seed():
    first, again, other = (cli("--plan", "--duration", "300", "--seed", s, "--stalls", "0.1") for s in ("5", "5", "6"))
    assert first.returncode == again.returncode == other.returncode == 0
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout
    assert json.loads(first.stdout.splitlines()[0])["seed"] == 5


def test_a_fresh_seed_is_printed_and_replays_the_same_plan():
    fresh = cli("--plan", "--duration", "100")
    seed = json.loads(fresh.stdout.splitlines()[0])["seed"]
    assert cli("--plan", "--duration", "100", "--seed", str(seed)).stdout == fresh.stdout


@pytest.mark.parametrize("on", [(1.0, 8.0), (0.2, 0.4)])
def test_stretches_alternate_from_off_and_tile_the_duration(on):
    events = plan(seed=11, on=on, duration=2000.0)
    assert events[0]["event"] == "start" and events[-1] == {"t": 2000.0, "event": "stop", "cpu": None,
                                                             "seconds": None, "reason": "duration"}
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)
    parts = stretches(events)
    assert [e["event"] for e in parts] == ["off", "on"] * (len(parts) // 2) + ["off"] * (len(parts) % 2)
    assert parts[0]["t"] == 0.0
    for before, after in zip(parts, parts[1:]):
        assert after["t"] == pytest.approx(before["t"] + before["seconds"], abs=0.002)
        if before["event"] == "on":  # the last stretch may be cut short by the duration
            assert on[0] <= before["seconds"] <= on[1]
    assert parts[-1]["t"] + parts[-1]["seconds"] == pytest.approx(2000.0, abs=0.002)


@pytest.mark.parametrize("duty", [0.25, 0.5, 0.75])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_realized_duty_is_near_the_asked_one(duty, seed):
    events = plan(seed=seed, duty=duty, duration=20000.0)
    assert sum(e["seconds"] for e in events if e["event"] == "on") / 20000.0 == pytest.approx(duty, abs=0.05)


def test_duty_one_is_one_stretch_on_and_duty_zero_none():
    assert stretches(plan(duty=1.0, cpu=1, duration=50.0)) == [
        {"t": 0.0, "event": "on", "cpu": 1, "seconds": 50.0}]
    assert stretches(plan(duty=0.0, duration=50.0)) == [{"t": 0.0, "event": "off", "cpu": None, "seconds": 50.0}]


def test_cpus_come_from_the_allowed_set_or_the_one_asked_for():
    picked = {e["cpu"] for e in plan(cpus=(2, 5), duration=1000.0) if e["event"] == "on"}
    assert picked == {2, 5}
    assert {e["cpu"] for e in plan(cpu=5, cpus=(2, 5), duration=1000.0) if e["event"] == "on"} == {5}


def test_stalls_are_short_separate_and_leave_the_stretches_alone():
    events = plan(stalls=0.5, duration=2000.0)
    assert stretches(events) == stretches(plan(stalls=0.0, duration=2000.0))
    marks = [e for e in events if e["event"].startswith("stall")]
    starts, ends = marks[0::2], marks[1::2]
    assert {e["event"] for e in starts} == {"stall"} and {e["event"] for e in ends} == {"stall-end"}
    # a gap averages 2 s and a stall 0.2 s: about 900 in 2000 s
    assert 700 < len(starts) < 1100
    for stall, end in zip(starts, ends):
        assert stall["cpu"] is None
        assert end["t"] == pytest.approx(stall["t"] + stall["seconds"], abs=0.002)
        if end["t"] < 2000.0:
            assert 0.1 <= stall["seconds"] <= 0.3
    assert not [e for e in plan(stalls=0.0, duration=2000.0) if e["event"].startswith("stall")]


def test_no_handoff_state_unless_asked_and_it_leaves_the_other_timelines_alone():
    assert not handoffs(plan(stalls=0.5, duration=2000.0))
    with_it = plan(stalls=0.5, duration=2000.0, handoff=0.5)
    without = [e for e in with_it if e["event"] not in ("handoff-on", "handoff-off", "start")]
    assert without == [e for e in plan(stalls=0.5, duration=2000.0) if e["event"] != "start"]
    assert with_it[0]["handoff"] == 0.5 and with_it[0]["handoff_seconds"] == list(noise.HANDOFF_ON)


@pytest.mark.parametrize("on", [noise.HANDOFF_ON, noise.FLIP_ON])
def test_handoff_stretches_alternate_from_off_and_tile_the_duration(on):
    events = plan(seed=4, duty=0.0, handoff=0.5, handoff_on=on, duration=3000.0)
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)
    parts = handoffs(events)
    assert [e["event"] for e in parts] == (["handoff-off", "handoff-on"] * len(parts))[:len(parts)]
    assert parts[0]["t"] == 0.0 and len(parts) > 20
    for before, after in zip(parts, parts[1:]):
        assert before["cpu"] is None
        assert after["t"] == pytest.approx(before["t"] + before["seconds"], abs=0.002)
        if before["event"] == "handoff-on":
            assert on[0] <= before["seconds"] <= on[1]
    assert parts[-1]["t"] + parts[-1]["seconds"] == pytest.approx(3000.0, abs=0.002)


@pytest.mark.parametrize("on", [noise.HANDOFF_ON, noise.FLIP_ON])
@pytest.mark.parametrize("duty", [0.25, 0.5, 0.75])
def test_the_realized_handoff_duty_is_near_the_asked_one(duty, on):
    events = plan(seed=3, handoff=duty, handoff_on=on, duration=40000.0)
    assert sum(e["seconds"] for e in events if e["event"] == "handoff-on") / 40000.0 == pytest.approx(duty, abs=0.05)


def test_handoff_duty_one_is_one_stretch():
    assert handoffs(plan(handoff=1.0, duration=50.0)) == [
        {"t": 0.0, "event": "handoff-on", "cpu": None, "seconds": 50.0}]


def test_the_cli_plans_the_handoff_state_seeded_and_flip_picks_short_stretches():
    args = ("--plan", "--duration", "200", "--duty", "0", "--handoff", "0.5", "--seed", "9")
    first, again = cli(*args), cli(*args)
    assert first.returncode == 0 and first.stdout == again.stdout
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert events[0]["handoff_seconds"] == list(noise.HANDOFF_ON)
    assert {"handoff-on", "handoff-off"} <= {e["event"] for e in events}
    flip = [json.loads(line) for line in cli(*args, "--flip").stdout.splitlines()]
    assert flip[0]["handoff_seconds"] == list(noise.FLIP_ON)
    on = [e["seconds"] for e in flip if e["event"] == "handoff-on"][:-1]
    assert len(on) > 50 and all(noise.FLIP_ON[0] <= s <= noise.FLIP_ON[1] for s in on)
    custom = [json.loads(line) for line in cli(*args, "--handoff-on", "1:3").stdout.splitlines()]
    assert custom[0]["handoff_seconds"] == [1.0, 3.0]


@pytest.mark.parametrize("args", [
    ["--handoff", "1.5", "--duration", "5"],
    ["--handoff", "-0.1", "--duration", "5"],
    ["--handoff", "nan", "--duration", "5"],
    ["--handoff", "half", "--duration", "5"],
    ["--handoff", "0.5", "--handoff-on", "3:2", "--duration", "5"],
    ["--handoff", "0.5", "--handoff-on", "0:2", "--duration", "5"],
    ["--handoff", "0.5", "--flip", "--handoff-on", "1:2", "--duration", "5"],
    ["--duty", "1.5", "--duration", "5"],
    ["--duty", "-0.1", "--duration", "5"],
    ["--duty", "nan", "--duration", "5"],
    ["--on", "3:2", "--duration", "5"],
    ["--on", "0:1", "--duration", "5"],
    ["--on", "-1:2", "--duration", "5"],
    ["--on", "1:2:3", "--duration", "5"],
    ["--on", "fast", "--duration", "5"],
    ["--stalls", "-1", "--duration", "5"],
    ["--duration", "0"],
    ["--duration", "-5"],
    ["--duration", "inf"],
    [],
    ["--cpu", "9999", "--duration", "5"],
    ["--cpu", "-1", "--duration", "5"],
    ["--seed", "x", "--duration", "5"],
    ["--bogus", "--duration", "5"],
])
def test_bad_input_is_one_line_and_status_2(args):
    done = cli("--plan", *args)  # --plan: input that wrongly got through would not spin
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("noise: error: ")
    assert done.stdout == ""


def test_a_log_that_cannot_be_opened_is_bad_input_too():
    done = cli("--duration", "5", "--log", "/nonexistent/dir/noise.jsonl")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("noise: error: ")


# Real runs

def test_a_short_run_takes_a_cpu_and_stops_by_itself(tmp_path):
    looks, stderr, timeline = watched_run(tmp_path, "--duration", "1.5", "--on", "0.2:0.4", "--seed", "3")
    seen = {pid: what for look in looks for pid, what in look.items()}
    assert timeline[0]["event"] == "start" and timeline[0]["seed"] == 3
    assert {"on", "off"} <= {r["event"] for r in timeline}
    assert timeline[-1]["event"] == "stop" and timeline[-1]["reason"] == "duration"
    assert seen, "no noise-spinner process existed during the run"
    taken = {r["cpu"] for r in timeline if r["event"] == "on"}
    for cpus, nice in seen.values():
        assert len(cpus) == 1 and cpus <= taken
        assert nice == (0 if "cannot set nice" in stderr else -20)
    assert not spinners()


def test_a_stall_takes_every_cpu_at_once(tmp_path):
    assert [e["event"] for e in plan(seed=2, duty=0.0, stalls=3.0, duration=1.5)].count("stall") == 3
    proc, log = start(tmp_path, "--duty", "0", "--stalls", "3", "--duration", "1.5", "--seed", "2")
    # A stall's spinners at nice -20 on every CPU leave a busy nice-0 thread about
    # 1% of a CPU (a sleeper still gets in: the scheduler favours it), so watching
    # /proc during one is unreliable: look instead for the hole a stall leaves in a
    # busy loop that notes the time every ~50 µs of its own work.
    stamps = []
    try:
        while proc.poll() is None and len(stamps) < 1_000_000:
            for _ in range(1000):
                pass
            stamps.append(time.monotonic())
        assert proc.wait(timeout=5) == 0
    finally:
        proc.kill()
        proc.wait()
    timeline = records(log)
    assert [r["event"] for r in timeline].count("stall-end") == 3
    longest = max(later - earlier for earlier, later in zip(stamps, stamps[1:]))
    shortest_stall = min(r["seconds"] for r in timeline if r["event"] == "stall")
    assert longest >= 0.5 * shortest_stall, (longest, shortest_stall)  # every CPU was taken for a while
    assert not spinners()


def test_a_handoff_stretch_pulses_every_cpu_and_leaves_nothing_behind(tmp_path):
    before = time.monotonic()
    looks, stderr, timeline = watched_run(tmp_path, "--duty", "0", "--handoff", "1", "--duration", "1.5", "--seed", "4")
    assert [r["event"] for r in timeline] == ["start", "off", "handoff-on", "stop"]
    assert before <= timeline[0]["monotonic"] <= time.monotonic()  # the injector's clock at t=0
    # one pulser pinned to each CPU, at nice -20 (a sleeping pulser is still a live process)
    pulsers = max(looks, key=len)
    assert sorted(cpu for cpus, _ in pulsers.values() for cpu in cpus) == sorted(os.sched_getaffinity(0))
    for cpus, nice in pulsers.values():
        assert len(cpus) == 1 and nice == (0 if "cannot set nice" in stderr else -20)
    assert not spinners()


def test_a_signal_stops_a_handoff_stretch_and_takes_the_pulsers_along(tmp_path):
    proc, log = start(tmp_path, "--duty", "0", "--handoff", "1", "--duration", "30", "--seed", "1")
    try:
        spinner_of(proc)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=2) == 143
    finally:
        proc.kill()
        proc.wait()
    assert records(log)[-1]["reason"] == "signal"
    assert not spinners()


@pytest.mark.parametrize("signum, status, inherited", [
    (signal.SIGINT, 130, signal.SIG_DFL),
    (signal.SIGTERM, 143, signal.SIG_DFL),
    # a script's `cmd &` ignores SIGINT; the Ctrl-C that stops the sweep must stop this too
    (signal.SIGINT, 130, signal.SIG_IGN),
])
def test_a_signal_stops_it_promptly_and_takes_the_spinner_along(tmp_path, signum, status, inherited):
    proc, log = start(tmp_path, "--duty", "1", "--duration", "30", "--seed", "1", sigint=inherited)
    try:
        spinner_of(proc)
        proc.send_signal(signum)
        assert proc.wait(timeout=2) == status
    finally:
        proc.kill()
        proc.wait()
    last = records(log)[-1]
    assert last["event"] == "stop" and last["reason"] == "signal"
    assert not spinners()


@pytest.mark.parametrize("state", [("--duty", "1"), ("--duty", "0", "--handoff", "1")])
def test_a_killed_injector_takes_its_spinner_with_it(tmp_path, state):
    proc, _ = start(tmp_path, *state, "--duration", "30", "--seed", "1")
    try:
        pid = spinner_of(proc)
        proc.kill()  # no finally runs: only the spinner's PR_SET_PDEATHSIG can end it before its own deadline
        proc.wait(timeout=5)
    finally:
        proc.kill()
        proc.wait()
    end = time.monotonic() + 3
    while pid in spinners() and time.monotonic() < end:
        time.sleep(0.01)
    assert pid not in spinners()
    assert not spinners()
