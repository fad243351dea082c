"""The census run: the probe's own threshold search over each entry's range
(one entry at a time, or in --jobs worker processes), so a second `gilsweep
probe --find-threshold` asks the same question (confirm.py); an entry that
cannot be measured is one line and the census goes on; then the GIL's round
trip and the folder (docs/census.md)."""
import concurrent.futures
import multiprocessing
import time
from dataclasses import dataclass, field

from ..core.metadata import machine_metadata
from ..probe import gil_probe, round_trip
from . import confirm as second_opinion
from . import report


@dataclass
class Outcome:
    entry: dict
    answer: str = ""            # the probe's last line, or "" when not measured
    threshold: int = None
    verdicts: list = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""             # one line: why the entry was not measured

    def as_dict(self):
        return {**self.entry, "answer": self.answer, "threshold": self.threshold, "verdicts": self.verdicts,
                "seconds": round(self.seconds, 3), "error": self.error}


def measure_entry(entry, trials, seed=None):
    """The Outcome of one entry: its threshold search, or the one-line reason it has none.
    A module-level function, so worker processes can run it too."""
    started = time.monotonic()
    outcome = Outcome(entry.as_dict())
    try:
        prober = gil_probe.Prober(gil_probe.resolve(entry.target, entry.arg), trials=trials, seed=seed)
        search = gil_probe.find_threshold(prober, entry.lo, entry.hi)
        outcome.answer, outcome.threshold = search.answer, search.threshold
        outcome.verdicts = [verdict.as_dict() for verdict in search.verdicts]
    except gil_probe.ProbeError as error:
        outcome.error = str(error)
    outcome.seconds = time.monotonic() - started
    return outcome


def measure_all(entries, trials, jobs=1, seed=None, on_outcome=lambda index, outcome: None):
    """Outcomes in the entries' order; with jobs > 1, from that many worker
    processes (forkserver: no child inherits the parent's threads or pipes)."""
    if jobs <= 1:
        outcomes = []
        for index, entry in enumerate(entries):
            outcomes.append(measure_entry(entry, trials, seed))
            on_outcome(index, outcomes[-1])
        return outcomes
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(measure_entry, entry, trials, seed) for entry in entries]
        outcomes = [None] * len(entries)
        pending = {future: index for index, future in enumerate(futures)}
        for future in concurrent.futures.as_completed(pending):
            index = pending[future]
            outcomes[index] = future.result()
            on_outcome(index, outcomes[index])
    return outcomes


def describe(outcome):
    """One line for the progress: the answer with its unit, or the error."""
    if outcome.error:
        return f"not measured: {outcome.error}"
    if outcome.threshold is not None:
        return f"releases from {outcome.threshold} {outcome.entry['unit']}"
    return outcome.answer


def run_census(lists, entries, out, trials, jobs=1, round_trip_mode="full", confirm=False, seed=None,
               say=lambda line: None):
    """Measures the entries, then the round trip (round_trip_mode "full", "quick" or "off"), and
    writes the folder. say() gets a line per entry as it is done, and one for every
    entry not measured. Returns (document, paths written)."""
    machine, started = machine_metadata(), time.monotonic()

    def on_outcome(index, outcome):
        say(f"[{index + 1}/{len(entries)} {time.monotonic() - started:4.0f} s] {outcome.entry['label']} "
            f"({outcome.entry['arg']}): {describe(outcome)} ({outcome.seconds:.1f} s)")

    outcomes = measure_all(entries, trials, jobs, seed, on_outcome)
    trip = None
    if round_trip_mode != "off":
        say("measuring the GIL's round trip ...")
        trip = round_trip.measure(quick=round_trip_mode == "quick", seed=seed)
    took_s = time.monotonic() - started
    settings = {"trials": trials, "jobs": jobs, "seed": seed, "entries": len(entries)}
    doc = report.document(lists, outcomes, trip, settings, took_s, machine)
    if confirm:
        confirm_started = time.monotonic()
        second_opinion.confirm_thresholds(doc["entries"], lambda entry: say(
            f"confirming {entry['label']}: {entry['confirmation']['answer']} "
            f"({'agrees' if entry['confirmation']['agrees'] else 'DIFFERS'}, "
            f"{entry['confirmation']['seconds']:.1f} s)"))
        doc["confirm_took_s"] = round(time.monotonic() - confirm_started, 1)
    return doc, report.write(out, doc)
