"""What every command line shares: the parser that ends a bad option with one
line on stderr and exit status 2, the option types, UsageError for options that
parse but do not make sense together, and the workload and knob choices."""
import argparse

from ..core import modes, workloads


class OneLineParser(argparse.ArgumentParser):
    """Bad options end with one line on stderr and exit status 2, no usage block."""

    def error(self, message):
        self.exit(2, f"gilsweep: error: {message}\n")


class UsageError(Exception):
    """Options that parse but do not make sense together."""


def comma_list(text, valid, what):
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in valid]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(map(repr, unknown)) or repr(text)}; valid {what}s: {', '.join(valid)}")
    return items


def int_list(text, least, what):
    """Comma-separated integers, each at least `least`; `what` names them in the error."""
    try:
        values = [int(item) for item in text.split(",")]  # an empty item ("1,,2") is an error too
    except ValueError:
        values = None
    if not values or any(value < least for value in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated {what}, got {text!r}")
    return values


def positive_ints(text):
    return int_list(text, 1, "positive integers")


def non_negative_ints(text):
    return int_list(text, 0, "integers >= 0")


def at_least_one(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def int_range(text):
    lo, colon, hi = text.partition(":")
    try:
        bounds = (int(lo), int(hi))
    except ValueError:
        bounds = None
    if not colon or bounds is None or bounds[0] < 0 or bounds[1] < bounds[0]:
        raise argparse.ArgumentTypeError(f"expected LO:HI with 0 <= LO <= HI, got {text!r}")
    return bounds


def bound(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def milliseconds(text):
    """Comma-separated positive milliseconds, e.g. "5,0.5"."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated milliseconds, got {text!r}") from None
    if not values or any(not 0.001 <= value <= 1000 for value in values):
        raise argparse.ArgumentTypeError(f"each switch interval must be 0.001 to 1000 ms, got {text!r}")
    return values


def add_load_workload(command):
    command.add_argument("--workload", "--kernel", dest="workload", default="churn", choices=list(modes.WORKLOADS),
                         help="the load's workload (default %(default)s)")


def knob_lists(workload_choice, explicit, stride, dask=False):
    """Workloads and their knobs; with dask modes, also the larger knobs only they (and the ceiling) measure."""
    chosen = list(modes.WORKLOADS) if workload_choice == "all" else [workload_choice]
    if explicit and len(chosen) > 1:
        raise UsageError("--knobs needs a single --workload, not all")
    return chosen, {w: explicit or sorted(set(workloads.DEFAULT_KNOBS[w][::stride])
                                             | set(workloads.DASK_KNOBS.get(w, []) if dask else []))
                       for w in chosen}
