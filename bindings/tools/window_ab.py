"""Do shorter windows measure the same speedup? An interleaved A/B: every point is
measured with windows of two lengths in one run, its two versions in the same
randomized rounds, so the machine's state falls on both alike. Prints, per point,
both estimates with their intervals, the difference and the ratio of interval
widths, and whether every point agrees within --agree and widens at most --widen.

    python bindings/tools/window_ab.py --swift .build/release/gilsweep-swift
    python bindings/tools/window_ab.py --points python-release:2000,python-hold:10000 --lengths 0.1,0.05

A window length change in the presets needs this to pass at the knee and at flat
points first (docs/method.md)."""
import argparse
import sys

from gilsweep.core import modes
from gilsweep.core.swift_worker import find_binary
from gilsweep.sweep import engine
from gilsweep.sweep.config import SweepConfig

#: The knee of python-release on churn, and three flat points (docs/data/sweep-churn-*).
DEFAULT_POINTS = "python-release:2000,python-release:3000,python-hold:10000,swift-threads:100000,python-release:300000"


class WindowAB(engine.Sweep):
    """A sweep whose every point is measured twice, once per window length; the
    copies are told apart by their workload's label, "churn@100ms"."""

    def __init__(self, config, swift_binary, lengths, wanted, **options):
        super().__init__(config, swift_binary, **options)
        self.lengths = lengths
        self.wanted = wanted

    def _specs(self, knobs):
        return [(w, m, k, t) for w, m, k, t in super()._specs(knobs) if (m, k) in self.wanted]

    def _calibrate(self, specs):
        added = []
        chosen = self.config.target_seconds
        for spec in specs:
            for seconds in self.lengths:
                self.config.target_seconds = seconds
                for point in super()._calibrate([spec]):
                    labelled = engine.dataclasses.replace(point, workload=f"{point.workload}@{seconds * 1000:g}ms")
                    self.run_data.points[point.id] = labelled
                    added.append(labelled)
        self.config.target_seconds = chosen
        return added


def parse_points(text):
    try:
        pairs = [(mode, int(knob)) for mode, knob in (item.split(":") for item in text.split(","))]
    except ValueError:
        raise argparse.ArgumentTypeError(f"points are mode:knob,mode:knob..., got {text!r}") from None
    unknown = sorted({mode for mode, _ in pairs} - set(modes.MODES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown mode {', '.join(unknown)}")
    return pairs


def parse_lengths(text):
    try:
        lengths = [float(value) for value in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"lengths are two window lengths in seconds, got {text!r}") from None
    if len(lengths) != 2 or not all(0.005 <= value <= 2 for value in lengths) or lengths[0] == lengths[1]:
        raise argparse.ArgumentTypeError(f"lengths are two different window lengths, 0.005-2 s, got {text!r}")
    return lengths


def compare(run, lengths, agree, widen):
    """Lines of the table and whether every pair passes."""
    rows = {(r.workload, r.mode, r.knob): r for r in run.analyze()[0]}
    labels = [f"@{seconds * 1000:g}ms" for seconds in lengths]
    lines = [f"| mode | knob | {labels[0]} | {labels[1]} | difference | width ratio |", "|---|---|---|---|---|---|"]
    passed = True
    for (workload, mode, knob), a in sorted(rows.items()):
        if not workload.endswith(labels[0]):
            continue
        b = rows.get((workload[:-len(labels[0])] + labels[1], mode, knob))
        if b is None:
            passed = False
            continue
        difference = b.speedup - a.speedup
        ratio = (b.ci_hi - b.ci_lo) / max(a.ci_hi - a.ci_lo, 1e-9)
        ok = abs(difference) <= agree and ratio <= widen
        passed = passed and ok
        lines.append(f"| {mode} | {knob} | {a.speedup:.3f}x [{a.ci_lo:.2f}, {a.ci_hi:.2f}] | {b.speedup:.3f}x "
                     f"[{b.ci_lo:.2f}, {b.ci_hi:.2f}] | {difference:+.3f}x | {ratio:.2f}{'' if ok else ' (fails)'} |")
    return lines, passed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=parse_points, default=parse_points(DEFAULT_POINTS),
                        help="mode:knob pairs on churn (default %(default)s)")
    parser.add_argument("--lengths", type=parse_lengths, default=[0.1, 0.05],
                        help="the two window lengths, seconds, the first the reference (default 0.1,0.05)")
    parser.add_argument("--rounds", type=int, default=16, help="measured rounds (default %(default)s)")
    parser.add_argument("--agree", type=float, default=0.05, help="largest difference allowed (default 0.05x)")
    parser.add_argument("--widen", type=float, default=1.3, help="largest ratio of interval widths (default 1.3)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--swift", default=None, help="path to gilsweep-swift (default: found automatically)")
    args = parser.parse_args(argv)
    if not 2 <= args.rounds <= 100:
        parser.error("--rounds must be between 2 and 100")
    wanted = set(args.points)
    config = SweepConfig(workloads=["churn"], modes=sorted({mode for mode, _ in wanted}), threads=[2],
                         knobs={"churn": sorted({knob for _, knob in wanted})}, repeats=args.rounds, extra_rounds=0,
                         target_seconds=args.lengths[0], seed=args.seed, time_budget_s=None, max_time_s=None)
    run = WindowAB(config, find_binary(args.swift), args.lengths, wanted).run()
    lines, passed = compare(run, args.lengths, args.agree, args.widen)
    print("\n".join(lines))
    print(f"seed {run.seed}; {'every point agrees' if passed else 'some point does not agree'} within "
          f"{args.agree:g}x, intervals at most {args.widen:g} times as wide")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
