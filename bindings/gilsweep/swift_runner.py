"""The swift-threads mode: the GIL-free ceiling, measured by the gilsweep-swift
binary as a subprocess of the same sweep, with the same knob values."""
import csv
import io
import os
import shutil
import subprocess
import sys

from .schema import Row


def find_binary(explicit=None):
    """An explicit path, $GILSWEEP_SWIFT, gilsweep-swift on PATH, or the
    package's release build found above the current folder."""
    candidates = [explicit, os.environ.get("GILSWEEP_SWIFT"), shutil.which("gilsweep-swift")]
    folder = os.getcwd()
    while True:
        candidates.append(os.path.join(folder, ".build", "release", "gilsweep-swift"))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class SwiftRunner:
    def __init__(self, binary):
        self.binary = binary
        self.warned = False

    def measure(self, kernel, knob, threads, repeats, target_seconds):
        """The swift-threads rows for one knob, or [] with one warning if Swift is unavailable."""
        if self.binary is None:
            self._warn("gilsweep-swift not found (build it with `swift build -c release`): skipping swift-threads")
            return []
        command = [self.binary, "sweep", "--kernel", kernel, "--knobs", str(knob), "--threads", str(threads),
                   "--repeats", str(repeats), "--target-seconds", str(target_seconds), "--format", "csv"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            self._warn(f"gilsweep-swift failed ({error}): skipping swift-threads")
            return []
        if done.returncode != 0:
            self._warn(f"gilsweep-swift failed: {done.stderr.strip() or done.returncode}")
            return []
        return [Row.from_strings(record) for record in csv.DictReader(io.StringIO(done.stdout))]

    def _warn(self, message):
        if not self.warned:
            print(f"gilsweep: warning: {message}", file=sys.stderr)
            self.warned = True
