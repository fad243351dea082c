"""A second opinion on every threshold the census found: the same question put
to `gilsweep probe --find-threshold` in a fresh process of the same
interpreter, exactly as a reader would type it, with its own random order of
references and trials."""
import subprocess
import sys
import time


def probe_command(entry):
    """The command line that re-asks an entry's question."""
    return [sys.executable, "-m", "gilsweep", "probe", entry["target"], "--arg", entry["arg"],
            "--find-threshold", f"{entry['lo']}:{entry['hi']}"]


def confirm(entry, timeout_s=300):
    """{"answer": the second run's last line, "agrees", "seconds", "command"}."""
    command = probe_command(entry)
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
        lines = (done.stdout.strip() or done.stderr.strip() or "no output").splitlines()
        answer = lines[-1]
    except subprocess.TimeoutExpired:
        answer = f"no answer within {timeout_s} s"
    return {"answer": answer, "agrees": answer == entry["answer"], "seconds": round(time.monotonic() - started, 1),
            "command": " ".join(command[1:])}


def confirm_thresholds(entries, on_entry=lambda entry: None):
    """Adds a "confirmation" to every entry (a dict, as the document holds it) with a threshold."""
    for entry in entries:
        if entry["threshold"] is not None:
            entry["confirmation"] = confirm(entry)
            on_entry(entry)
    return entries
