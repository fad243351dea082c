"""What a run's numbers are worth. The verdict, one word nobody can miss: every
summary, plot title, the CLI's last line and `gilsweep compare` open with
trustworthy or untrustworthy and why, per GIL-handoff state (states.py) where a run
measured more than one. The summary's paragraph on noise: waiting, stalls, what the
budgets cut and why a run stopped. The rules, and why the share of time the
machine delivered T cores is reported but not judged: docs/method.md."""
from dataclasses import dataclass

from ..core import interpreter, states, weather
from ..core.modes import CEILING, PURE_PYTHON, PYTHON_HOLD

STABLE_SHARE = 0.9
CEILING_SHARE = 0.8
CEILING_FROM_US = 1.0
CEILING_POINTS_SHARE = 0.9
#: The GIL-bound modes, and the most their threads may read at FLOOR_POINTS_SHARE of their
#: points: not 1.0, since two threads taking turns can run the smallest calls faster than
#: one alone (docs/method.md, docs/bad-day.md). A point counts as above it only with its
#: whole interval above it: a lattice gives a mode few points, and one noisy estimate at
#: the level must not decide a run.
FLOOR_MODES = (PYTHON_HOLD, PURE_PYTHON)
FLOOR_MAX = 1.2
FLOOR_POINTS_SHARE = 0.9
#: A point whose first and second half of clean trials (analysis.halves) differ by
#: more than this moved during the run; more than 1 - STABLE_SHARE of the points
#: moving is a state that changed under the run. On a run whose state held, far
#: fewer do (docs/method.md).
HALVES_MOVED = 0.3

TRUSTWORTHY = "trustworthy"
UNTRUSTWORTHY = "untrustworthy"


@dataclass(frozen=True)
class Verdict:
    trustworthy: bool
    reason: str
    advice: str = ""

    @property
    def word(self):
        return TRUSTWORTHY if self.trustworthy else UNTRUSTWORTHY

    def line(self):
        """"trustworthy: reason" or "untrustworthy: reason. advice"."""
        return f"{self.word}: {self.reason}" + (f". {self.advice}" if self.advice else "")

    def as_dict(self):
        return {"trustworthy": self.trustworthy, "word": self.word, "reason": self.reason, "advice": self.advice}


def too_many(outside, points, share):
    """Whether more than 1 - share of the points fall outside (rounded so that
    one point in ten is not "more than a tenth" by floating point)."""
    return outside > round((1 - share) * points, 9)


def ceiling_shortfall(rows, cores):
    """(ceiling points from CEILING_FROM_US, those below CEILING_SHARE of what
    their threads can give, the lowest and highest speedup among them)."""
    measured = [r for r in rows if r.mode == CEILING and r.per_call_us >= CEILING_FROM_US]
    low = [r for r in measured if r.speedup < CEILING_SHARE * min(r.threads, cores or r.threads)]
    speedups = [r.speedup for r in measured]
    return len(measured), len(low), min(speedups, default=None), max(speedups, default=None)


def floor_excess(rows, metadata):
    """[(mode, points, points above FLOOR_MAX, highest speedup)] for each GIL-bound
    mode with too many points above FLOOR_MAX; none without a GIL."""
    if interpreter.without_gil(metadata):
        return []
    found = []
    for mode in FLOOR_MODES:
        measured = [r for r in rows if r.mode == mode]
        high = [r.speedup for r in measured if r.ci_lo > FLOOR_MAX]
        if too_many(len(high), len(measured), FLOOR_POINTS_SHARE):
            found.append((mode, len(measured), len(high), max(high)))
    return found


def judge(run, rows, stable, points, halves=()):
    """The verdict on a run (results.Run), or on one state of it, from its rows,
    how many of its points are stable (a point never measured is not) and the
    two halves' ratios at each point measured often enough (analysis.halves)."""
    problems, facts = [], []
    if not rows:
        return Verdict(False, "no point was measured", "Run it again")
    (problems if stable < STABLE_SHARE * points else facts).append(f"{stable} of {points} points stable")
    moved = sum(abs(first - second) > HALVES_MOVED for first, second in halves)
    if too_many(moved, len(halves), STABLE_SHARE):
        problems.append(f"its first and second half differ by more than {HALVES_MOVED:g}x at {moved} of "
                        f"{len(halves)} points")
    ceiling_points, low, lowest, highest = ceiling_shortfall(rows, run.metadata.get("cores"))
    if ceiling_points:
        span = f"{lowest:.2f}x" if lowest == highest else f"{lowest:.2f}-{highest:.2f}x"
        if too_many(low, ceiling_points, CEILING_POINTS_SHARE):
            problems.append(f"the {CEILING} ceiling read {span} from {CEILING_FROM_US:g} µs, "
                            f"{low} of {ceiling_points} points below {CEILING_SHARE:.0%} of the cores")
        else:
            facts.append(f"the {CEILING} ceiling {span} from {CEILING_FROM_US:g} µs")
    elif any(r.mode == CEILING for r in rows):
        facts.append(f"no {CEILING} point from {CEILING_FROM_US:g} µs to check the ceiling")
    else:
        facts.append(f"no {CEILING} ceiling to check against")
    for mode, measured, high, highest in floor_excess(rows, run.metadata):
        problems.append(f"{mode}, whose threads hold the GIL, read up to {highest:.2f}x, {high} of {measured} "
                        f"points wholly above {FLOOR_MAX:g}x: its sequential windows ran slow")
    if not run.complete:
        problems.insert(0, "the run was interrupted")
    share = weather.healthy_share(run.timeline or run.canaries)
    waited = sum(r.get("waited_s", 0.0) for r in run.canaries)
    if share is not None:
        cores = min(max(run.config.get("threads") or [2]), run.metadata.get("cores") or 2)
        facts.append(f"the machine gave {cores} cores {share:.0%} of the time"
                     + (f" ({waited:.0f} s waited for it)" if waited >= 1 else ""))
    if run.budget.get("wait_allowance_spent_s") is not None:
        # Not a problem in itself: the trials measured on a bad machine after it are
        # flagged, and the points they leave unstable are counted above.
        facts.append(f"the waiting allowance ({run.config.get('max_wait_s', 0):g} s) ran out at "
                     f"{run.budget['wait_allowance_spent_s']:.0f} s")
    if problems:
        return Verdict(False, "; ".join(problems + facts),
                       "Do not read this table as the answer: run again in a quieter hour, or give the run "
                       "more time to wait for the machine (--max-wait, --time-budget)")
    return Verdict(True, "; ".join(facts))


def combine(per_state, shares):
    """The run's verdict from its verdicts per handoff state ({state: Verdict}; a
    run with no state rows has {states.NONE: verdict}, which stands as it is) and
    the share of the run spent in each ({state: share}, weather.handoff_shares).
    Trustworthy if it is for some state: each state is an answer of its own."""
    if set(per_state) == {states.NONE}:
        return per_state[states.NONE]
    if set(per_state) == {states.NORMAL}:  # the handoff never read slow on the trials that count
        return per_state[states.NORMAL]

    def share(state):
        return f"{shares[state]:.0%} of the run" if state in shares else "share unknown"
    # What every state's reason says (the ceiling, the machine's cores) is said once, at the end.
    clauses = {state: found.reason.split("; ") for state, found in per_state.items()}
    shared = [c for c in next(iter(clauses.values())) if all(c in others for others in clauses.values())]
    only = "the only state measured, " if len(per_state) == 1 else ""
    parts = []
    for state, found in per_state.items():
        own = [clause for clause in clauses[state] if clause not in shared]
        parts.append(f"{found.word} for the {states.words(state)} ({only}{share(state)})"
                     + (": " + ", ".join(own) if own else ""))
    trusted = any(found.trustworthy for found in per_state.values())
    advice = "" if trusted else next(found.advice for found in per_state.values() if found.advice)
    return Verdict(trusted, "; ".join(parts + shared), advice)


def paragraph(noise):
    """The summary's paragraph on noise: what the machine did to a run
    (Run.noise_counts) and what its budgets cut, in plain words."""
    return (f"Noise: {noise['stalled_windows']} of {noise['windows']} windows stalled{imbalance_clause(noise)}; "
            f"{noise['capacity_units']} trials measured with too little capacity"
            f"{handoff_clause(noise)}; {weather_clause(noise)}"
            f"{noise['capacity_waits']} waits for the machine ({noise['capacity_wait_s']:.1f} s). "
            "Flagged trials are kept in sweep.json, left out of the estimates and measured again later."
            + budget_sentence(noise))


def handoff_clause(noise):
    """The trials measured while the host made GIL handoffs slow (none before the
    handoff check existed); from format 4, the trials near the knee per handoff state."""
    units = noise.get("handoff_units")
    if units is None:
        return ""
    deferrals = noise.get("handoff_deferrals")
    put_off = f" ({deferrals} times a trial was put off until later while it was slow)" if deferrals else ""
    trials = noise.get("state_trials")
    if not trials:
        return f" and {units} with a slow GIL handoff{put_off} (see canary.py)"
    shares = noise.get("handoff_shares") or {}
    when = (f"the GIL handoff read normal {shares['normal']:.0%} and slow {shares['slow']:.0%} of the time "
            "it was checked; " if shares else "")
    spent = noise.get("handoff_wait_spent_s")
    return (f"; {when}the trials of points near the knee: {trials.get('normal', 0)} measured with a normal "
            f"handoff, {trials.get('slow', 0)} with a slow one (estimated apart), {trials.get('mixed', 0)} in which "
            f"it changed (left out){put_off}"
            + (f"; the run stopped waiting for a normal handoff at {spent:.0f} s" if spent is not None else ""))


def imbalance_clause(noise):
    count = noise.get("imbalanced_windows")
    return (f" and {count} ran unevenly (one thread of a mode whose threads run apart finished well before "
            "the other)") if count else ""


#: Why a run stopped early, as the summary says it (results.Run.budget["stopped_by"]).
STOPPED_BY = {"max_time": "its limit on the whole run, --max-time", "measuring_cap": "its cap on measuring time",
              "waiting_allowance": "past its budget with no waiting allowance left"}


def budget_sentence(noise):
    """What the stopping rule and the refined grid did, and what the time budget and
    the waiting allowance cut, if anything."""
    text = ""
    rule = noise.get("stopping")
    if rule:
        text += (f" The stopping rule let {rule['settled']} points go once their intervals were narrow enough; "
                 f"{rule['capped']} reached the most rounds a point gets"
                 + (f", {rule['active']} were still being measured at the end" if rule.get("active") else "")
                 + (f", {rule['reopened']} were measured again after their estimate moved" if rule.get("reopened")
                    else "") + ".")
    if noise.get("refined_points"):
        text += f" The grid gained {noise['refined_points']} points where the curves bend."
    if noise.get("past_budget_s") is not None:
        text += (f" Its measuring time passed the budget at {noise['past_budget_s']:.0f} s of the run; "
                 "from then on only "
                 f"points still unstable were measured ({noise.get('stable_units_skipped', 0)} planned trials of "
                 "stable points skipped).")
    if noise.get("wait_allowance_spent_s") is not None:
        text += (f" The waiting allowance ran out at {noise['wait_allowance_spent_s']:.0f} s: later trials were "
                 "measured whatever the machine's state.")
    if noise.get("requeues_skipped") or noise.get("extra_rounds_skipped"):
        text += (f" {noise.get('requeues_skipped', 0)} flagged trials were not measured again and "
                 f"{noise.get('extra_rounds_skipped', 0)} rounds past the first look were skipped "
                 "(no time or waiting allowance left).")
    if noise.get("stopped_s") is not None:
        why = STOPPED_BY.get(noise.get("stopped_by"), STOPPED_BY["measuring_cap"])
        text += (f" The run stopped at {noise['stopped_s']:.0f} s ({why}) with "
                 f"{noise.get('units_skipped', 0)} planned trials not measured.")
    return text


def weather_clause(noise):
    share = noise.get("healthy_share")
    return "" if share is None else f"the machine delivered T cores {share:.0%} of the time; "
