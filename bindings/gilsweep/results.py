"""One results folder per run: rows are written as they are measured, so an
interrupted sweep keeps everything it finished."""
import csv
import json
import os
import platform
import subprocess
import sys
import time

from .schema import COLUMNS, Row


def machine_metadata(swift_binary=None):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    gil_check = getattr(sys, "_is_gil_enabled", None)
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "python_version": platform.python_version(),
        "python_build": " ".join(platform.python_build()),
        "python_implementation": platform.python_implementation(),
        "gil_enabled": gil_check() if gil_check else True,
        "switch_interval_s": sys.getswitchinterval(),
        "swift_version": swift_version(swift_binary),
        "platform": platform.platform(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command_line": " ".join(sys.argv),
    }


def swift_version(swift_binary):
    try:
        output = subprocess.run(["swift", "--version"], capture_output=True, text=True, timeout=30)
        return output.stdout.strip().splitlines()[0] if output.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


class ResultsFolder:
    def __init__(self, path, metadata):
        self.path = path
        try:
            os.makedirs(path, exist_ok=True)
            self._csv_file = open(os.path.join(path, "sweep.csv"), "w", newline="")
        except OSError as error:
            raise SystemExit(f"gilsweep: cannot write results to {path}: {error.strerror}")
        self._csv = csv.DictWriter(self._csv_file, fieldnames=COLUMNS)
        self._csv.writeheader()
        self._csv_file.flush()
        self.metadata = metadata
        self.rows = []
        self.complete = False
        self._write_json()

    def add(self, row):
        self.rows.append(row)
        self._csv.writerow(row.as_dict())
        self._csv_file.flush()
        self._write_json()

    def finish(self, complete):
        self.complete = complete
        self._csv_file.close()
        self._write_json()

    def _write_json(self):
        document = {"complete": self.complete, "machine": self.metadata, "columns": list(COLUMNS),
                    "rows": [row.as_dict() for row in self.rows]}
        temporary = os.path.join(self.path, "sweep.json.tmp")
        with open(temporary, "w") as out:
            json.dump(document, out, indent=1)
        os.replace(temporary, os.path.join(self.path, "sweep.json"))  # never a half-written file


def load(path):
    """(rows, metadata, complete) from a results folder, from sweep.json, else sweep.csv."""
    json_path = os.path.join(path, "sweep.json")
    csv_path = os.path.join(path, "sweep.csv")
    if os.path.exists(json_path):
        with open(json_path) as source:
            document = json.load(source)
        rows = [Row(**record) for record in document["rows"]]
        return rows, document.get("machine", {}), document.get("complete", False)
    if os.path.exists(csv_path):
        with open(csv_path, newline="") as source:
            return [Row.from_strings(record) for record in csv.DictReader(source)], {}, False
    raise SystemExit(f"gilsweep: no sweep.json or sweep.csv in {path}")
