"""The host's GIL-handoff state (normal or slow), read by the canaries around each
trial of a point that hands the GIL over often, as a condition of the experiment:
such a point is estimated per state; every other point holds in both (its rows
have no state). A mode's curve in a state: that state's rows and its state-less
ones (docs/method.md, "An answer per machine state")."""
from . import modes

#: Below this much work per call, a mode that releases the GIL around each call
#: hands it between threads so often that the host's slow-handoff state (see
#: canary.py) shows in its speedup. Points measured that way read the handoff
#: check and are estimated per state; the rest (Swift, processes, holding or
#: pure-Python modes, larger calls) hold in both, since spinning threads get both
#: cores in that state.
HANDOFF_SENSITIVE_SECONDS = 100e-6


def hands_off_often(mode, threads, per_call_s):
    """Whether a point's speedup depends on how fast the host hands the GIL between threads."""
    return threads > 1 and mode in modes.RELEASE_PER_CALL and per_call_s < HANDOFF_SENSITIVE_SECONDS


NORMAL = "normal"
SLOW = "slow"
#: In the order the reports list them.
STATES = (NORMAL, SLOW)
#: A trial whose canaries disagree: the state changed during it, so it belongs to neither.
MIXED = "mixed"
#: The state of a row (and a window) that no handoff state touches.
NONE = ""


def trial_state(before_ok, after_ok):
    """A handoff-sensitive trial's state from its canaries' handoff verdicts."""
    if before_ok and after_ok:
        return NORMAL
    return SLOW if not (before_ok or after_ok) else MIXED


def words(state):
    """How reports name a state: "normal handoff", "slow handoff"."""
    return f"{state} handoff"


def states_of(rows):
    """The states some row holds for, in STATES order."""
    present = {row.state for row in rows}
    return [state for state in STATES if state in present]


def view(rows, state):
    """The rows that hold in `state`: its own and the state-less ones."""
    return [row for row in rows if row.state in (NONE, state)]


def views(rows):
    """{state: view} for every state the rows hold, or {NONE: rows} if they hold none."""
    return {state: view(rows, state) for state in states_of(rows)} or {NONE: list(rows)}


def primary(rows):
    """The view a single answer reads (a threshold, for one): the normal state's if
    measured, else the one there is, else every row."""
    found = states_of(rows)
    return view(rows, found[0]) if found else list(rows)


SUFFIX = " ({} handoff)"


def series_name(mode, state):
    """The name of a mode's curve in a state: the mode itself in the normal state
    (or with no state), "MODE (slow handoff)" in the slow one."""
    return mode if state in (NONE, NORMAL) else mode + SUFFIX.format(state)


def split(series):
    """(mode, state) of a series name (series_name's inverse; state NONE for a plain mode)."""
    for state in STATES:
        suffix = SUFFIX.format(state)
        if state != NORMAL and series.endswith(suffix):
            return series[:-len(suffix)], state
    return series, NONE


def series(rows):
    """{(workload, threads, series name): rows}: each mode's curve in each state its
    rows hold (its state rows plus its state-less ones), or one curve for a mode
    with no state rows."""
    by_mode = {}
    for row in rows:
        by_mode.setdefault((row.workload, row.threads, row.mode), []).append(row)
    curves = {}
    for (workload, threads, mode), mode_rows in by_mode.items():
        for state in states_of(mode_rows) or [NONE]:
            curves[(workload, threads, series_name(mode, state))] = view(mode_rows, state)
    return curves
