"""Which Python a run measured: a GIL build, or a free-threaded one (PEP 703)
with its GIL off or on, and what the modes mean there: without a GIL a thread in
a C call stays attached (python-hold) or detaches (python-release). The data keep
the modes' names; summaries and plots say which build (docs/free-threaded.md)."""

#: What the SWIG modes do on a free-threaded build with its GIL off.
WITHOUT_GIL = {"python-hold": "attached", "python-release": "detached"}
#: ... and with a GIL.
WITH_GIL = {"python-hold": "hold", "python-release": "release"}


def words(metadata):
    """"GIL on", "free-threaded build, GIL off" or "free-threaded build, GIL on"."""
    gil = "GIL on" if metadata.get("gil_enabled", True) else "GIL off"
    return f"free-threaded build, {gil}" if metadata.get("free_threaded_build") else gil


def without_gil(metadata):
    return not metadata.get("gil_enabled", True)


def short(metadata):
    """"GIL" or "no GIL", for a legend."""
    return "no GIL" if without_gil(metadata) else "GIL"


def meaning(mode, metadata):
    """What a mode does in this run: hold or release with a GIL, attached or
    detached without one; other modes are their own name."""
    return (WITHOUT_GIL if without_gil(metadata) else WITH_GIL).get(mode, mode)


def note(metadata):
    """A sentence for the summary of a run without a GIL, else ""."""
    if not without_gil(metadata):
        return ""
    return (" No GIL: python-hold's calls stay attached to the interpreter, python-release's detach, and "
            "pure-python is the headline.")


def title_note(metadata):
    """Appended to each plot panel's title."""
    if not without_gil(metadata):
        return ""
    return " — no GIL: " + ", ".join(f"{mode} = {meaning}" for mode, meaning in WITHOUT_GIL.items())
