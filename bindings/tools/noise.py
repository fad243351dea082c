#!/usr/bin/env python3
"""A bad day on demand: takes one of this machine's cores away for random stretches.

Why: a sweep that only ever ran on a quiet machine has not been tested. This VM's
bad state has a known shape: the host gives both vCPUs one core between them for
stretches of 1-8 s, so two threads get one thread's worth of CPU and every
threaded timing taken then is wrong. Waiting for the host to misbehave makes no
test; this tool reproduces that state on a seeded timeline, so the sweep's canary,
retries and verdicts can be checked against a log of exactly when a core was gone.

An ON stretch pins a busy-looping process (named "noise-spinner") to one CPU at
nice -20, which wins it ~99% of that CPU against nice-0 threads, so the scheduler
moves everything else to the remaining core(s). --stalls adds short full stalls,
a spinner on every CPU at once.

--handoff makes the host's third bad state, the slow GIL handoff: threads that hand
the GIL back and forth run slower than one thread while spinning threads still get
both cores. For its stretches (tens of seconds by default; --flip for the
fast-flipping form, a fraction of a second to 2 s) a "pulser" on every CPU, at
nice -20, takes its CPU in bursts of a fraction of a millisecond, thousands of
times a second, at seeded random moments. A thread doing long work loses only that
share of its CPU, the same on every CPU, so the one-thread and two-thread halves of
a capacity reading slow alike; but a burst that preempts the thread holding the
GIL stops the other thread too, and a thread woken to take the GIL waits out any
burst on its CPU, so every handoff costs more. Run it beside a sweep:

    python bindings/tools/noise.py --duty 0.5 --seed 7 --duration 2700 --log noise.jsonl & make sweep

It needs root (CAP_SYS_NICE) for nice -20; without it, it warns and spins at nice 0,
where a spinner competes only as an equal and takes the core less reliably.
--plan prints the timeline without spinning anything.
"""
import argparse
import ctypes
import heapq
import json
import math
import os
import random
import signal
import sys
import time

PR_SET_PDEATHSIG, PR_SET_NAME = 1, 15
STALL_SECONDS = (0.1, 0.3)
#: The slow-handoff state's stretches: tens of seconds, or with --flip a fraction of a second to 2 s.
HANDOFF_ON, FLIP_ON = (10.0, 40.0), (0.2, 2.0)
#: Each pulser's bursts: PULSE_RATE a second on average (Poisson), each PULSE_SECONDS long.
#: Chosen by measurement with tools/handoff_check.py: inside the state the canary must read a
#: slow handoff most of the time and still read the cores delivered as often as outside it
#: (docs/bad-day.md; the commits that set them hold the figures).
PULSE_RATE = 5000.0
PULSE_SECONDS = (40e-6, 100e-6)
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line: the log of a sweep script should show the mistake, not a usage block.
        print(f"noise: error: {message}", file=sys.stderr)
        sys.exit(2)


def event(t, name, cpu=None, seconds=None, **extra):
    return {"t": round(float(t), 3), "event": name, "cpu": cpu,
            "seconds": None if seconds is None else round(seconds, 3), **extra}


def tiles(rng, duty, on, duration):
    """Alternating (t, seconds, is_on) stretches tiling the duration, OFF first. OFF
    lengths are the ON range scaled by (1-D)/D, so that ON takes a share D of the time
    on average."""
    if duty in (0, 1):
        yield 0.0, duration, bool(duty)
        return
    t, on_now = 0.0, False
    while round(t, 3) < duration:
        length = rng.uniform(*on) * (1 if on_now else (1 - duty) / duty)
        yield t, min(length, duration - t), on_now
        t, on_now = t + length, not on_now


def stretches(rng, cpu_rng, duty, on, cpu, cpus, duration):
    """The ON and OFF stretches of one core taken."""
    for t, length, on_now in tiles(rng, duty, on, duration):
        taken = (cpu if cpu is not None else cpu_rng.choice(cpus)) if on_now else None
        yield event(t, "on" if on_now else "off", taken, length)


def handoffs(rng, duty, on, duration):
    """The slow-handoff state's stretches, "handoff-on" and "handoff-off"; none at duty 0,
    so a plan without --handoff is the plan it always was."""
    if duty == 0:
        return
    for t, length, on_now in tiles(rng, duty, on, duration):
        yield event(t, "handoff-on" if on_now else "handoff-off", None, length)


def stalls(rng, rate, duration):
    """Full stalls at a Poisson rate. Each gap runs from the end of the previous
    stall, so stalls never overlap and one set of spinners is enough."""
    t = 0.0
    while rate > 0:
        t += rng.expovariate(rate)
        if round(t, 3) >= duration:
            return
        length = min(rng.uniform(*STALL_SECONDS), duration - t)
        yield event(t, "stall", None, length)
        yield event(t + length, "stall-end")
        t += length


def plan(seed, duty, on, cpu, cpus, stall_rate, duration, handoff=0.0, handoff_on=HANDOFF_ON):
    """The whole timeline, start to stop: a pure function of its arguments."""
    cpus = sorted(cpus)
    yield event(0, "start", cpu, None, seed=seed, duty=duty, duration=duration,
                cpus=cpus, stalls=stall_rate, on_seconds=list(on),
                handoff=handoff, handoff_seconds=list(handoff_on))
    # One generator per random stream: the stretch lengths do not change with --cpu
    # or --stalls or --handoff, so runs that differ only there share their ON/OFF timeline.
    def rng(part):
        return random.Random(f"{seed}/{part}")
    yield from heapq.merge(stretches(rng("stretches"), rng("cpus"), duty, on, cpu, cpus, duration),
                           stalls(rng("stalls"), stall_rate, duration),
                           handoffs(rng("handoff"), handoff, handoff_on, duration), key=lambda e: e["t"])
    yield event(duration, "stop", reason="duration")


def spawn(libc, cpu, deadline, pulses=None):
    """A spinner pinned to cpu until deadline; with pulses (a seed), a pulser: bursts
    of PULSE_SECONDS at PULSE_RATE a second, sleeping between them."""
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    try:  # the child never returns into the injector's code
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
        # The kernel kills a spinner whose injector dies, even by SIGKILL; the getppid
        # check covers an injector that died before the prctl took effect.
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        if os.getppid() == parent:
            os.sched_setaffinity(0, {cpu})
            libc.prctl(PR_SET_NAME, b"noise-spinner")  # after pinning: a named spinner is a pinned one
            if pulses is not None:
                pulse(random.Random(pulses), deadline)
            while time.monotonic() < deadline:  # CLOCK_MONOTONIC is system-wide: the parent's clock
                for _ in range(20_000):
                    pass
    finally:
        os._exit(0)


def pulse(rng, deadline):
    # Sleeping, the pulser wakes at nice -20 and preempts whatever runs on its CPU.
    while time.monotonic() < deadline:
        time.sleep(rng.expovariate(PULSE_RATE))
        end = time.monotonic() + rng.uniform(*PULSE_SECONDS)
        while time.monotonic() < end:
            pass


def reap(pids):
    for pid in pids:
        os.kill(pid, signal.SIGKILL)  # works on a zombie too: it is not reaped until waitpid
        os.waitpid(pid, 0)


def run(events, cpus, duration, write):
    """Plays the timeline; returns the exit status (0, or 128 + the signal)."""
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        # Spinners inherit it; the injector's own wake-ups also stay on time on a busy machine.
        os.setpriority(os.PRIO_PROCESS, 0, -20)
    except PermissionError:
        print("noise: warning: cannot set nice -20 (not root?); spinning at nice 0", file=sys.stderr)
    # Signals wait, blocked, for sigtimedwait: a handler raising at any bytecode could
    # strike between fork() and recording the child's pid, and leak a spinner. An
    # inherited SIG_IGN (a script's `cmd &`) is overridden on purpose: the Ctrl-C that
    # stops the sweep should stop this too, not leave a core taken for the rest of --duration.
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    old_handlers = {s: signal.signal(s, signal.SIG_DFL) for s in SIGNALS}
    start = time.monotonic()
    deadline = start + duration + 1  # each spinner's own limit, should everything else fail
    live = {"on": [], "stall": [], "handoff": []}
    seed = None
    reason, status = "duration", 0
    try:
        for ev in events:
            got = signal.sigtimedwait(SIGNALS, max(0.0, start + ev["t"] - time.monotonic()))
            if got:
                reason, status = "signal", 128 + got.si_signo
                break
            if ev["event"] == "stop":
                break
            name = ev["event"]
            if name in ("off", "stall-end", "handoff-off"):
                kind = {"off": "on", "stall-end": "stall", "handoff-off": "handoff"}[name]
                reap(live[kind])
                live[kind] = []
            elif name in ("on", "stall"):
                # One append per fork: a fork failing half-way still leaves every pid in `live`.
                for cpu in [ev["cpu"]] if name == "on" else cpus:
                    live[name].append(spawn(libc, cpu, deadline))
            elif name == "handoff-on":
                for cpu in cpus:  # each pulser's bursts are seeded too, by the stretch and its CPU
                    live["handoff"].append(spawn(libc, cpu, deadline, pulses=f"{seed}/pulses/{ev['t']}/{cpu}"))
            if name == "start":
                # The injector's CLOCK_MONOTONIC at t=0: a sweep's own monotonic stamps
                # can be set against the timeline exactly.
                seed, ev = ev["seed"], {**ev, "monotonic": round(start, 6)}
            write({**ev, "t": round(time.monotonic() - start, 3)})
    finally:
        reap(live["on"] + live["stall"] + live["handoff"])
        late = signal.sigtimedwait(SIGNALS, 0)  # one that came during the cleanup still counts
        if late and not status:
            reason, status = "signal", 128 + late.si_signo
        for s, handler in old_handlers.items():
            signal.signal(s, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
    write(event(time.monotonic() - start, "stop", reason=reason))
    return status


def span(text):
    try:
        low, high = (float(x) for x in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MIN:MAX in seconds, got {text!r}") from None
    if not 0 < low <= high < math.inf:
        raise argparse.ArgumentTypeError(f"expected 0 < MIN <= MAX, got {text!r}")
    return low, high


def main(argv=None):
    p = Parser(prog="noise", description="Takes one CPU away for random stretches (see the module docstring).")
    p.add_argument("--duty", type=float, default=0.5, help="expected share of time ON, 0..1 (default 0.5)")
    p.add_argument("--on", type=span, default=(1.0, 8.0), metavar="MIN:MAX", help="ON stretch seconds (default 1:8)")
    p.add_argument("--cpu", type=int, help="the CPU ON stretches take (default: a seeded pick per stretch)")
    p.add_argument("--stalls", type=float, default=0.0, metavar="RATE", help="full stalls per second (default 0)")
    p.add_argument("--handoff", type=float, default=0.0, metavar="DUTY",
                   help="expected share of time in the slow-GIL-handoff state, 0..1 (default 0)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--handoff-on", type=span, metavar="MIN:MAX",
                      help="slow-handoff stretch seconds (default %g:%g)" % HANDOFF_ON)
    form.add_argument("--flip", action="store_true",
                      help="the fast-flipping form: slow-handoff stretches of %g-%g s" % FLIP_ON)
    p.add_argument("--seed", type=int, help="default: a fresh one, printed")
    p.add_argument("--duration", type=float, required=True, help="seconds, then it stops")
    p.add_argument("--log", metavar="FILE", help="JSON-lines timeline (default: stderr)")
    p.add_argument("--plan", action="store_true", help="print the planned timeline and exit")
    a = p.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    if not 0 <= a.duty <= 1:
        p.error(f"--duty must be between 0 and 1, got {a.duty}")
    if not 0 <= a.handoff <= 1:
        p.error(f"--handoff must be between 0 and 1, got {a.handoff}")
    if not 0 <= a.stalls < math.inf:
        p.error(f"--stalls must be a rate >= 0, got {a.stalls}")
    if not 0 < a.duration < math.inf:
        p.error(f"--duration must be > 0 seconds, got {a.duration}")
    if a.cpu is not None and a.cpu not in cpus:
        p.error(f"--cpu {a.cpu} is not one this process may use: {cpus}")
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(2**32)
    handoff_on = FLIP_ON if a.flip else a.handoff_on or HANDOFF_ON
    events = plan(seed, a.duty, a.on, a.cpu, cpus, a.stalls, a.duration, a.handoff, handoff_on)
    if a.plan:
        for ev in events:
            print(json.dumps(ev))
        return 0
    try:
        log = open(a.log, "w") if a.log else sys.stderr
    except OSError as e:
        p.error(f"cannot open --log: {e}")
    if a.seed is None and a.log:
        print(f"noise: seed {seed}", file=sys.stderr)

    def write(record):
        log.write(json.dumps(record) + "\n")
        log.flush()  # a reader tails the log while the sweep runs
    try:
        return run(events, cpus, a.duration, write)
    finally:
        if log is not sys.stderr:
            log.close()


if __name__ == "__main__":
    sys.exit(main())
