"""The published runs of docs/data/, read back: one class per kind of run, each able to
say what today's code derives from its raw JSON (docs/data/README.md lists the kinds).
Used by scripts/render-docs.py."""
import functools
import gzip
import json
import pathlib
import shutil
import tempfile

from gilsweep.census import report as census_report
from gilsweep.latency import gc_report
from gilsweep.latency import report as latency_report
from gilsweep.sweep import analysis, api, report, results, side_by_side
from gilsweep.core.modes import CEILING


class Published:
    """One folder of docs/data: its raw JSON unpacked into a scratch folder. load (a run by its
    folder, as render-docs reads each once) is for the kinds drawn from other runs."""
    RAW = DERIVED = PLOTS = ()

    def __init__(self, folder, load=None):
        self.folder = pathlib.Path(folder)
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="render-docs-"))
        for name in self.RAW:
            with gzip.open(self.folder / f"{name}.gz", "rb") as raw, open(self.scratch / name, "wb") as out:
                shutil.copyfileobj(raw, out)

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    @property
    def metadata(self):
        return self.document["machine"]

    def rederive(self, plots):
        """{name: path}: the derived files as today's code writes them (the plots too with plots)."""
        self.derive(plots)
        return {name: self.scratch / name for name in self.DERIVED + (self.PLOTS if plots else ())}


class SweepRun(Published):
    RAW, DERIVED, PLOTS = ("sweep.json",), ("sweep.csv", "summary.md"), ("sweep.png",)

    def __init__(self, folder, load=None):
        super().__init__(folder)
        self.run = results.load(str(self.scratch))
        self.rows, self.extras = self.run.analyze()
        self.trust = self.run.verdict()

    @property
    def metadata(self):
        return self.run.metadata

    @functools.cached_property
    def document(self):
        """The raw JSON, read once: several figures may ask for it."""
        return json.loads((self.scratch / "sweep.json").read_text())

    def derive(self, plots):
        if plots:
            api.replot(str(self.scratch))
        else:
            results.ResultsFolder(str(self.scratch)).save(self.run)
            report.write_report(str(self.scratch), self.run, plots=False)

    def series(self, mode, threads=2):
        return sorted((r for r in self.rows if r.mode == mode and r.threads == threads), key=lambda r: r.knob)

    def crossing(self, mode, threads=2):
        return report.crossovers(self.series(mode, threads), self.series(CEILING, threads))[0]

    def side(self, name):
        """The run as `gilsweep plot A B` draws it, named name."""
        return side_by_side.Side(name, self.rows, self.metadata, analysis.unstable_keys(self.run.points, self.extras),
                                 self.trust)


class PairRun(Published):
    """Two sweeps on one figure, as `gilsweep plot A B` draws them: pair.json names the two
    folders of docs/data, A first; the crossover table and the figure are derived from them."""
    DERIVED, PLOTS = ("side-by-side.md",), ("side-by-side.png",)

    def __init__(self, folder, load=None):
        super().__init__(folder)
        self.document = json.loads((self.folder / "pair.json").read_text())
        self.own = load is None  # read here, so closed here
        load = load or (lambda path: SweepRun(path))
        self.runs = [load(str(self.folder.parent / name)) for name in self.document["runs"]]
        if len(self.runs) != 2 or not all(isinstance(run, SweepRun) for run in self.runs):
            raise ValueError(f"{self.folder / 'pair.json'}: runs must name two sweeps of docs/data")

    @property
    def metadata(self):
        return self.runs[0].metadata

    def derive(self, plots):
        side_by_side.write(*(run.side(name) for name, run in zip("AB", self.runs)), str(self.scratch), plots=plots)

    def close(self):
        super().close()
        for run in self.runs if self.own else ():
            run.close()


class PhasedRun(Published):
    """A latency or gc-pause run: a victim thread timed beside a load."""
    REPORT = None

    def __init__(self, folder, load=None):
        super().__init__(folder)
        self.document = self.REPORT.load(str(self.scratch))

    def derive(self, plots):
        self.REPORT.render(str(self.scratch), self.document, plots=plots)


class LatencyRun(PhasedRun):
    RAW, DERIVED, PLOTS, REPORT = ("latency.json",), ("latency.csv", "summary.md"), ("latency.png",), latency_report


class GcPauseRun(PhasedRun):
    RAW, DERIVED, PLOTS, REPORT = ("gc-pause.json",), ("gc-pause.csv", "summary.md"), ("gc-pause.png",), gc_report


class CensusRun(Published):
    RAW, DERIVED = ("census.json",), ("census.md",)

    def __init__(self, folder, load=None):
        super().__init__(folder)
        self.document = census_report.load(str(self.scratch))

    def derive(self, plots):
        (self.scratch / "census.md").write_text(census_report.markdown(self.document))


class BenchRun(Published):
    """The kernel benchmarks' own tables (bench.md), kept as printed, and the machine."""

    def __init__(self, folder, load=None):
        super().__init__(folder)
        self.document = {"machine": json.loads((self.folder / "machine.json").read_text())}

    def derive(self, plots):
        pass


#: The file that says which kind a folder of docs/data holds.
KINDS = {"sweep.json.gz": SweepRun, "latency.json.gz": LatencyRun, "gc-pause.json.gz": GcPauseRun,
         "census.json.gz": CensusRun, "bench.md": BenchRun, "pair.json": PairRun}


def kind_of(folder):
    """The class for a published folder, or None when it holds no published run."""
    return next((kind for name, kind in KINDS.items() if (pathlib.Path(folder) / name).is_file()), None)
