"""What a person sees while a run goes: a one-line progress bar and warnings,
on stderr, never in the data. The CLI's count-primes reuses the bar."""
import sys
import time


class Progress:
    """A one-line progress bar on stderr (never in the data)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_line = 0.0
        self.last_done = None

    def step(self, done, total, label):
        width = 30
        filled = width * done // max(total, 1)
        elapsed = time.monotonic() - self.started
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:5.0f}s {label}"
        if self.tty:
            self.stream.write("\r" + line[:160].ljust(160))
        elif (done == total and done != self.last_done) or elapsed - self.last_line >= 10:
            # Without a terminal: a line every 10 s, and the last step once (not every
            # waiting status that follows it).
            self.stream.write(line + "\n")
            self.last_line, self.last_done = elapsed, done
        self.stream.flush()

    def say(self, message):
        """A line of its own, between progress lines."""
        self.stream.write(("\r" + " " * 160 + "\r" if self.tty else "") + message + "\n")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def warn(message):
    print(f"gilsweep: warning: {message}", file=sys.stderr)
