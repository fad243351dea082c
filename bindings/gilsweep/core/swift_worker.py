"""The swift-threads mode: the GIL-free ceiling, measured by a long-lived
`gilsweep-swift worker` subprocess. It answers window requests (JSON lines on
stdin) with raw timings (JSON lines on stdout), so Swift windows take their
turn in the same randomized schedule as every Python window."""
import json
import os
import shutil
import subprocess

from .windows import Window


def decimal(value):
    """str(int) without CPython's 4300-digit limit on int-to-str conversion
    (sys.set_int_max_str_digits is process-wide; a library must not change it):
    gcd operands of 16384 bits and more have more digits than that."""
    if value < 0:
        return "-" + decimal(-value)
    block = 10**1000
    if value < block:
        return str(value)
    high, low = divmod(value, block)
    return decimal(high) + f"{low:01000d}"


class SwiftUnavailable(Exception):
    """The worker could not be started or stopped answering; the sweep goes on without swift-threads."""


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


def binary_version(binary):
    """The measured binary's own `--version` line, or None."""
    if binary is None:
        return None
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else None


class SwiftWorker:
    def __init__(self, binary):
        try:
            self.process = subprocess.Popen([binary, "worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True, bufsize=1)
        except OSError as error:
            raise SwiftUnavailable(f"cannot start {binary}: {error.strerror}") from None
        self.next_id = 0

    def window(self, workload, args, threads, calls, chunks, stall_s=0.0):
        """One window (args: decimal strings); raises SwiftUnavailable if the
        worker died, ValueError if it refused the request."""
        self.next_id += 1
        request = {"id": self.next_id, "workload": workload, "args": args,
                   "threads": threads, "calls": calls, "chunks": chunks}
        if stall_s:
            request["inject_stall_s"] = stall_s
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except (OSError, ValueError):
            line = ""
        if not line:
            raise SwiftUnavailable(f"the Swift worker stopped answering: {self._stderr()}")
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            raise SwiftUnavailable(
                f"the Swift worker answered something that is not JSON: {line.strip()[:200]}") from None
        if answer.get("id") != self.next_id:
            raise SwiftUnavailable(f"the Swift worker answered request {answer.get('id')}, not {self.next_id}")
        if "error" in answer:
            raise ValueError(f"the Swift worker refused a request: {answer['error']}")
        chunks_s = answer["chunks_s"]
        return Window(answer["wall_s"], answer["wall_s"] if threads == 1 else sum(map(sum, chunks_s)), chunks_s)

    def _stderr(self):
        if self.process.poll() is None:
            return "no answer"
        text = self.process.stderr.read().strip()
        return text.splitlines()[-1] if text else f"exit status {self.process.returncode}"

    def close(self):
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class SwiftRunner:
    """Windows of the swift-threads mode at one point."""

    def __init__(self, worker, workload, args):
        self.worker, self.workload = worker, workload
        self.args = [decimal(arg) for arg in args]  # once per point, outside any timing

    def window(self, threads, calls, chunks, stall_s=0.0):
        return self.worker.window(self.workload, self.args, threads, calls, chunks, stall_s)
