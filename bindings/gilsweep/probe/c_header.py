"""`gilsweep calibrate --emit-header FILE`: what calibrate measured, as a C
header an extension can include, so its own release threshold is a measured
number with a date instead of a guess (HASHLIB_GIL_MINSIZE's TODO asks for
exactly that per platform). Only measured values become #defines; a kernel
whose release never caught up gets a comment saying so."""
import re
import time

from ..core.registry import REGISTRY


def macro(name):
    return "GILSWEEP_" + re.sub(r"[^A-Za-z0-9]+", "_", name).upper()


def header(found, trip, machine, when=None):
    """The header's text. found: calibrate's [(workload, python function, threshold or None)];
    trip: round_trip.measure()'s result or None; machine: metadata.machine_metadata()."""
    when = when or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = ["/* Measured by gilsweep calibrate on " + f"{machine['cpu_model']} ({machine['cores']} cores), "
             f"CPython {machine['python_version']}, {when}.",
             " * Regenerate on the machine that will run the code: gilsweep calibrate --emit-header FILE",
             " * (docs/census.md in gilsweep's repository says how these are measured). */",
             "#ifndef GILSWEEP_MEASURED_H", "#define GILSWEEP_MEASURED_H", ""]
    if trip:
        level = f"{trip['confidence']:.0%}"
        lines.append(f"/* What one GIL release and re-acquire costs, ns per call (median; {level} interval in "
                     "the comment). */")
        for part, name in (("uncontended", "GIL_ROUND_TRIP_NS"), ("contended", "GIL_ROUND_TRIP_CONTENDED_NS"),
                           ("ctypes_extra", "CTYPES_EXTRA_NS")):
            figure = trip[part]
            lines.append(f"#define {macro(name)} {round(figure['ns'])}  /* [{figure['lo']:.0f}, {figure['hi']:.0f}] */")
        lines.append("")
    lines.append("/* From what work per call two threads releasing the GIL beat two holding it (and one thread). */")
    for workload, function, threshold in found:
        unit = REGISTRY[workload].knob_unit
        if threshold is None:
            lines.append(f"/* {function}: releasing never caught up within the knobs measured */")
        else:
            lines.append(f"#define {macro(function + '_release_threshold')} {threshold}  /* {unit} */")
    lines += ["", "#endif"]
    return "\n".join(lines) + "\n"
