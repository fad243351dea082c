"""What every results folder records about what made it (the machine, the
interpreter, the gilsweep version and commit, the command line), and the error
for a folder that cannot be written or read."""
import os
import platform
import subprocess
import sys
import time
from importlib import metadata as package_metadata

import gilsweep


class ResultsError(Exception):
    """A results folder that cannot be written or read."""


def source_commit():
    """The git commit the measuring code came from: GILSWEEP_COMMIT (the Makefile sets it from
    the checkout it installs from), else the checkout the command runs in, else None. A tree
    with uncommitted changes reads "<hash>-dirty"."""
    if os.environ.get("GILSWEEP_COMMIT"):
        return os.environ["GILSWEEP_COMMIT"]
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def command_line(argv=None):
    """The command as a user would type it: the program as `gilsweep`, never the
    absolute path of the machine that ran it."""
    argv = sys.argv if argv is None else argv
    return " ".join(["gilsweep", *argv[1:]])


def machine_metadata(swift_version=None):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "python_version": platform.python_version(),
        "python_build": " ".join(platform.python_build()),
        "python_implementation": platform.python_implementation(),
        "gil_enabled": gilsweep.gil_enabled(),
        "free_threaded_build": gilsweep.free_threaded_build(),
        "switch_interval_s": sys.getswitchinterval(),
        "swift_version": swift_version,
        "platform": platform.platform(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command_line": command_line(),
        "gilsweep_version": package_metadata.version("gilsweep"),
        "git_commit": source_commit(),
    }
