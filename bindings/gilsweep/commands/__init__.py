"""The subcommands of the gilsweep CLI beside the sweep's own (cli.py): each
module a theme, and knob_lists, which the sweep and calibrate share. They raise UsageError for options that parse but do not make
sense together; cli.main turns it into one line and exit code 2."""
from .. import sweep


class UsageError(Exception):
    """Options that parse but do not make sense together."""


def knob_lists(workload_choice, explicit, stride, dask=False):
    """Workloads and their knobs; with dask modes, also the larger knobs only they (and the ceiling) measure."""
    workloads = list(sweep.WORKLOADS) if workload_choice == "all" else [workload_choice]
    if explicit and len(workloads) > 1:
        raise UsageError("--knobs needs a single --workload, not all")
    return workloads, {w: explicit or sorted(set(sweep.DEFAULT_KNOBS[w][::stride])
                                             | set(sweep.workloads.DASK_KNOBS.get(w, []) if dask else []))
                       for w in workloads}
