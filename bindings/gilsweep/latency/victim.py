"""The victim: a Python thread timing small pieces of real work while workers run.
Lateness: how much later than asked it runs again after a short sleep. Ping-pong:
a round trip to an echo peer over loopback, Beazley's convoy next to a CPU-bound
thread. The peer is another process, so only our side can wait for our GIL."""
import os
import socket
import subprocess
import sys
import time

#: The victim's sleep before each wake-up: about a millisecond, as a heartbeat or
#: a UI thread's timer would (docs/latency.md).
LATENESS_INTERVAL_S = 0.001
#: One ping-pong message; small, as a request line or a heartbeat is.
MESSAGE = b"gilsweep-ping-16"
#: The peer and the victim give up on a silent socket after this long, so a
#: wedged run can never hang on I/O.
SOCKET_TIMEOUT_S = 10.0
#: The echo peer, run as `python -c`: one connection, echo until EOF or silence.
PEER_SOURCE = r"""
import socket, sys
server = socket.create_server(("127.0.0.1", 0))
server.settimeout(float(sys.argv[1]))
print(server.getsockname()[1], flush=True)
connection, _ = server.accept()
server.close()
connection.settimeout(float(sys.argv[1]))
connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
try:
    while True:
        data = connection.recv(4096)
        if not data:
            break
        connection.sendall(data)
except OSError:
    pass
"""


def lateness(seconds, interval_s=LATENESS_INTERVAL_S, max_wakeups=100_000, clock=time.perf_counter):
    """Sleeps interval_s again and again for about `seconds`; returns how late,
    in seconds, each wake-up ran Python code."""
    late = []
    deadline = clock() + seconds
    while len(late) < max_wakeups:
        start = clock()
        time.sleep(interval_s)
        now = clock()
        late.append(max(0.0, now - start - interval_s))
        if now >= deadline:
            break
    return late


class EchoPeer:
    """An echo server in a child process on 127.0.0.1 and the victim's connected
    socket; with `cpu`, the child runs on that CPU only (the victim's: a round
    trip between two cores costs more than one on a core, and varies). Always
    loopback; closed on exit, on error and on Ctrl-C (a context manager), and the
    child stops by itself when the socket closes or falls silent."""

    def __init__(self, timeout_s=SOCKET_TIMEOUT_S, cpu=None):
        self.process = subprocess.Popen([sys.executable, "-c", PEER_SOURCE, str(timeout_s)],
                                        stdout=subprocess.PIPE, text=True)
        self.socket = None
        try:
            if cpu is not None:
                os.sched_setaffinity(self.process.pid, {cpu})
            line = self.process.stdout.readline()
            if not line.strip().isdigit():
                raise OSError(f"the echo peer did not start (said {line.strip()[:80]!r})")
            self.socket = socket.create_connection(("127.0.0.1", int(line)), timeout=timeout_s)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.socket is not None:
            self.socket.close()
            self.socket = None
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()

    def pingpong(self, seconds, max_ops=200_000, clock=time.perf_counter):
        """Round trips for about `seconds` (at most max_ops); returns each one's
        duration in seconds."""
        durations = []
        deadline = clock() + seconds
        size = len(MESSAGE)
        while len(durations) < max_ops:
            start = clock()
            self.socket.sendall(MESSAGE)
            got = 0
            while got < size:
                chunk = self.socket.recv(size - got)
                if not chunk:
                    raise OSError("the echo peer closed the connection")
                got += len(chunk)
            now = clock()
            durations.append(now - start)
            if now >= deadline:
                break
        return durations
