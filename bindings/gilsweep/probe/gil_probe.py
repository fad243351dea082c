"""Does a callable release the GIL, and from what argument size? One trial: a
thread calls the target in a loop while the main thread times its wait for the
GIL at switch interval INTERVAL_S; a holding target makes it wait about one
interval, a releasing one a small share of it, so the cut is at CUT. A verdict is
the majority of TRIALS, checked against a holding and a releasing reference
(docs/probe.md); without a GIL parallel.py asks another question."""
import itertools
import random
import sys
import threading
import time
from dataclasses import dataclass, field

import gilsweep

from ..core.target import ProbeError, Target, resolve  # noqa: F401  (the probe's public names)

#: The switch interval during a trial: a holding target's trial lasts about this long.
INTERVAL_S = 0.05
#: A wait under this share of the interval means the target let the waiter in.
CUT = 0.5
TRIALS = 5
#: Misread references: tries again (pausing PAUSE_S) until RETRIES tries failed and the
#: prober, over all its decisions, spent PATIENCE_S on failed tries and on waiting.
RETRIES = 3
PATIENCE_S = 60.0
PAUSE_S = 1.0
#: Churn iterations per reference call: a short call, so a reference decides quickly.
REFERENCE_KNOB = 1000


def wait_share(function, arguments):
    """One trial: how long the main thread waits for the GIL while another thread
    calls function(*arguments) in a loop, as a share of INTERVAL_S."""
    started = threading.Event()
    state = {"stop": False, "set_at": 0.0, "error": None}

    def caller():
        try:
            function(*arguments)
            state["set_at"] = time.perf_counter()
            started.set()  # the main thread wakes and must now win the GIL
            while not state["stop"]:
                function(*arguments)
        except BaseException as error:  # reported by the main thread
            state["error"] = error
            started.set()

    previous = sys.getswitchinterval()
    sys.setswitchinterval(INTERVAL_S)
    try:
        thread = threading.Thread(target=caller, name="gilsweep-probe-caller", daemon=True)
        thread.start()
        started.wait()
        got_in = time.perf_counter()
        state["stop"] = True
        thread.join()
    finally:
        sys.setswitchinterval(previous)
    if state["error"] is not None:
        raise state["error"]
    return (got_in - state["set_at"]) / INTERVAL_S


@dataclass(frozen=True)
class Verdict:
    n: int
    releases: bool
    agree: int        # trials that voted with the verdict
    trials: int       # trials measured
    shares: tuple     # every trial's wait, in intervals

    @property
    def word(self):
        return "releases" if self.releases else "holds"

    def describe(self):
        waits = ", ".join(f"{share:.2f}" for share in self.shares)
        return f"n={self.n}: {self.word} ({self.agree}/{self.trials} trials; waits {waits} intervals)"

    def as_dict(self):
        return {"n": self.n, "verdict": self.word, "agree": self.agree, "trials": self.trials,
                "waits_in_intervals": list(self.shares)}


class Prober:
    """Decides hold or release per knob for one target, with its references."""

    #: A trial reading under CUT votes yes (releases); the answers' words for no and yes.
    CUT = CUT
    WORDS = ("holds", "releases")
    verdict_class = Verdict
    #: One trial, measure(function, arguments) -> a reading.
    machine_measure = staticmethod(wait_share)

    def __init__(self, target, trials=TRIALS, seed=None, measure=None, patience_s=PATIENCE_S):
        self.target = target
        self.trials = trials
        self.rng = random.Random(seed)
        #: A fake measurement (the tests') needs no machine to wait for.
        self.on_machine = measure is None
        self.measure = measure or self.machine_measure
        self.patience_s, self.spent_s = patience_s, 0.0  # spent: on failed tries and waiting
        self.deadline = float("-inf")  # a decision's: no waiting outside one
        self.references = self.make_references()
        self.cache = {}

    def make_references(self):  # {"hold": (function, arguments) reading no, "release": one reading yes}
        return {"hold": (gilsweep.kernel("churn", "hold"), (REFERENCE_KNOB,)),
                "release": (gilsweep.kernel("churn", "release"), (REFERENCE_KNOB,))}

    def decide(self, n):
        if n not in self.cache:
            self.cache[n] = self._decide(n)
        return self.cache[n]

    def _decide(self, n):
        arguments = self.target.arguments(n)
        self.target.call(n, arguments)  # errors surface here, named, before any trial
        started = time.monotonic()
        self.deadline = deadline = started + max(0.0, self.patience_s - self.spent_s)  # the parallel prober's too
        for attempt in itertools.count(1):
            self.wait_for_machine(deadline, first=attempt == 1)  # counts its own waiting as spent
            tried = time.monotonic()
            verdict, references_ok = self._trials(n, arguments)
            if references_ok:
                return verdict
            self.spent_s += time.monotonic() - tried
            if attempt >= RETRIES and time.monotonic() >= deadline:
                raise ProbeError(f"the reference callables were misread {attempt} times at n={n} "
                                 f"(over {time.monotonic() - started:.0f} s); the machine is too busy to judge "
                                 "(is another process holding both cores?)")

    def wait_for_machine(self, deadline, first):
        """Before a try after a misread one, a pause (never past deadline): a bad stretch lasts seconds."""
        if self.on_machine and not first:
            self.spent_s += (pause := max(0.0, min(PAUSE_S, deadline - time.monotonic())))
            time.sleep(pause)

    def _trials(self, n, arguments):
        """The target's trials until the majority is certain, with one trial of
        each reference at random places among them."""
        majority = self.trials // 2 + 1
        # Among the first `majority` trials, which always run, so the references always do.
        places = {name: self.rng.randrange(majority) for name in self.references}
        shares, votes = [], [0, 0]  # votes: holds, releases
        references_ok = True
        for index in range(self.trials):
            for name in self.rng.sample(sorted(self.references), 2):
                if places[name] == index:
                    function, reference_arguments = self.references[name]
                    released = self.measure(function, reference_arguments) < self.CUT
                    references_ok &= released == (name == "release")
            try:
                share = self.measure(self.target.function, arguments)
            except Exception as error:
                raise self.target.raised(n, error) from None
            shares.append(share)
            votes[share < self.CUT] += 1
            if max(votes) >= majority:
                break
        releases = votes[1] > votes[0]
        return self.verdict_class(n, releases, max(votes), len(shares), tuple(shares)), references_ok


@dataclass
class ThresholdSearch:
    answer: str                 # "threshold: N", "holds everywhere", "releases everywhere", "not monotone"
                                # (without a GIL: "serializes everywhere", "parallel everywhere")
    threshold: int = None
    verdicts: list = field(default_factory=list)  # every knob decided, in the order decided


def check_points(lo, hi, count=6):
    """Up to `count` knobs spread evenly in log scale over [lo, hi], ends included."""
    if hi <= lo:
        return [lo]
    points = {lo, hi}
    ratio = (hi / max(lo, 1)) ** (1 / (count - 1))
    value = max(lo, 1)
    for _ in range(count - 2):
        value *= ratio
        points.add(min(hi, max(lo, round(value))))
    return sorted(points)


def find_threshold(prober, lo, hi, on_verdict=lambda verdict: None):
    """The smallest n in [lo, hi] at which the target releases, assuming one switch
    from holding to releasing; the answer says when that assumption fails."""
    if lo < 0 or hi < lo:
        raise ProbeError(f"--find-threshold needs 0 <= LO <= HI, got {lo}:{hi}")
    search = ThresholdSearch(answer="")

    def decide(n):
        verdict = prober.decide(n)
        if all(known.n != n for known in search.verdicts):
            search.verdicts.append(verdict)
            on_verdict(verdict)
        return verdict.releases

    at_lo, at_hi = decide(lo), decide(hi)
    if at_lo == at_hi:
        uniform = all(decide(n) == at_lo for n in check_points(lo, hi))
        search.answer = f"{prober.WORDS[at_lo]} everywhere" if uniform else "not monotone"
        return search
    if at_lo and not at_hi:
        search.answer = "not monotone"
        return search
    holds, releases = lo, hi  # invariant: holds at `holds`, releases at `releases`
    while releases - holds > 1:
        middle = (holds + releases) // 2
        if decide(middle):
            releases = middle
        else:
            holds = middle
    # One switch means everything below holds and everything from it releases: check a spread of both sides.
    below = check_points(lo, releases - 1)
    above = check_points(releases, hi)
    if any(decide(n) for n in below) or not all(decide(n) for n in above):
        search.answer = "not monotone"
        return search
    search.threshold = releases
    search.answer = f"threshold: {releases}"
    return search
