"""The probe's entry point, which `gilsweep probe` is a thin shell over: verdicts
for a callable at given knobs, or the smallest knob at which it releases."""
from ..core.target import resolve
from . import gil_probe, parallel

#: The knobs `gilsweep probe` decides when given neither --knobs nor --find-threshold.
PROBE_KNOBS = [1, 16, 256, 4096, 65536, 1048576]


def run_probe(spec, expression, knobs=None, threshold_range=None, trials=None, seed=None,
              on_verdict=lambda verdict: None):
    """Whether the callable `spec` (module:attribute.path) holds or releases the
    GIL when called with the arguments `expression` builds from n: for each of
    `knobs`, or, with threshold_range=(lo, hi), the smallest n at which it
    releases. Returns (verdicts in the order decided, answer); the answer is None
    for knobs, else "threshold: N", "holds everywhere", "releases everywhere" or
    "not monotone". Without a GIL the question is whether two threads calling it
    run in parallel or serialize, and the words are "parallel" and "serializes".
    Raises ProbeError with a one-line message."""
    prober = parallel.prober_for(resolve(spec, expression), trials=trials or gil_probe.TRIALS, seed=seed)
    if threshold_range is not None:
        search = gil_probe.find_threshold(prober, *threshold_range, on_verdict=on_verdict)
        return search.verdicts, search.answer
    verdicts = []
    for n in knobs or PROBE_KNOBS:
        verdicts.append(prober.decide(n))
        on_verdict(verdicts[-1])
    return verdicts, None
