"""The census folder: census.json (everything: the machine, the interpreter
and library versions, every entry's verdicts, the round trip) and census.md
(the table a person reads), written from the same document, so `gilsweep
compare` can read back either run's answers."""
import json
import os
import platform
import ssl
import sys

from ..core.metadata import machine_metadata
from ..probe import round_trip

FORMAT_VERSION = 1
JSON_NAME, MARKDOWN_NAME = "census.json", "census.md"


def library_versions():
    """The versions behind the answers: the interpreter, and the C libraries
    the standard library's callables run on (NumPy's where it imports)."""
    versions = {"python": platform.python_version(), "openssl": ssl.OPENSSL_VERSION}
    for module, attribute in (("zlib", "ZLIB_RUNTIME_VERSION"), ("sqlite3", "sqlite_version"),
                              ("numpy", "__version__")):
        try:
            versions[module] = getattr(__import__(module), attribute)
        except Exception:  # not installed, or a build without it
            pass
    return versions


def document(lists, outcomes, trip, settings, took_s, machine=None):
    """machine: machine_metadata() as the census started (its "started" is when)."""
    return {"format_version": FORMAT_VERSION, "kind": "census", "machine": machine or machine_metadata(),
            "versions": library_versions(), "executable": os.path.basename(sys.executable), "settings": settings,
            "lists": [listed.summary() for listed in lists], "entries": [o.as_dict() for o in outcomes],
            "round_trip": trip, "took_s": round(took_s, 1)}


def answer_cell(entry):
    """What the census found, in words a reader can act on."""
    if entry["error"]:
        return "not measured"
    if entry["threshold"] is not None:
        return f"releases from {entry['threshold']}"
    return entry["answer"]


def confirmation_cell(entry):
    confirmation = entry.get("confirmation")
    if not confirmation:
        return ""
    return "yes" if confirmation["agrees"] else f"no: {confirmation['answer']}"


def counts(entries):
    measured = [e for e in entries if not e["error"]]
    kinds = [("release everywhere", "releases everywhere"), ("hold everywhere", "holds everywhere"),
             ("not monotone", "not monotone")]
    parts = [f"{sum(1 for e in measured if e['threshold'] is not None)} from a threshold"]
    parts += [f"{sum(1 for e in measured if e['answer'] == answer)} {words}" for words, answer in kinds]
    return f"{len(measured)} callables measured: " + ", ".join(parts)


def markdown(doc):
    machine, versions, entries = doc["machine"], doc["versions"], doc["entries"]
    confirmed = any(e.get("confirmation") for e in entries)
    lines = [f"# gilsweep census: CPython {versions['python']}, {machine['cpu_model']} ({machine['cores']} cores)",
             "",
             f"{machine['started']}; {counts(entries)}; {sum(1 for e in entries if e['error'])} not measured; "
             f"took {doc['took_s']:.0f} s.",
             "",
             "Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ". Lists: "
             + ", ".join(f"{listed['name']} (version {listed['version']}, {listed['entries']} callables"
                         + (f"; skipped: {listed['skipped']}" if listed["skipped"] else "") + ")"
                         for listed in doc["lists"]) + ".",
             "",
             "| callable | argument | n searched | the GIL | unit |" + (" confirmed |" if confirmed else ""),
             "|---|---|---|---|---|" + ("---|" if confirmed else "")]
    for e in entries:
        lines.append(f"| {e['label']} | `{e['arg'].replace('|', '&#124;')}` | {e['lo']}-{e['hi']} | "
                     f"{answer_cell(e)} | {e['unit']} |" + (f" {confirmation_cell(e)} |" if confirmed else ""))
    failed = [e for e in entries if e["error"]]
    if failed:
        lines += ["", "Not measured:", ""] + [f"- {e['target']}: {e['error']}" for e in failed]
    if doc["round_trip"]:
        lines += ["", "## What a GIL release costs", "", round_trip.table(doc["round_trip"])]
    return "\n".join(lines) + "\n"


def write(out, doc):
    """Writes both files into out (made if needed); returns their paths."""
    os.makedirs(out, exist_ok=True)
    paths = [os.path.join(out, JSON_NAME), os.path.join(out, MARKDOWN_NAME)]
    with open(paths[0], "w") as file:
        json.dump(doc, file, indent=1)
    with open(paths[1], "w") as file:
        file.write(markdown(doc))
    return paths


def is_census(folder):
    return os.path.isfile(os.path.join(folder, JSON_NAME))


def load(folder):
    with open(os.path.join(folder, JSON_NAME)) as file:
        return json.load(file)
