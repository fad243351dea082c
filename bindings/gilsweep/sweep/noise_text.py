"""The summary's paragraph on noise: what the machine did to a run (Run.noise_counts)
and what the run's budgets cut, in plain words."""


def paragraph(noise):
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
