"""The census's lists of callables: the curated ones shipped with gilsweep
(stdlib.toml, numpy.toml) and any a user writes in the same format. Loading
checks only the list's shape; whether a target imports and its argument
builds is found out entry by entry when the census runs, so one bad entry
costs that entry, not the census."""
import fnmatch
import importlib
import os
import tomllib
from dataclasses import asdict, dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
#: The lists shipped with gilsweep, by the name --list also takes.
BUILT_IN = {"stdlib": os.path.join(HERE, "stdlib.toml"), "numpy": os.path.join(HERE, "numpy.toml")}
DEFAULT_LISTS = ["stdlib", "numpy"]
#: The n searched when an entry gives no range: 1 B to 1 MiB for a buffer.
DEFAULT_RANGE = (1, 1 << 20)
FIELDS = {"target", "arg", "unit", "range", "label", "note"}


class ListError(Exception):
    """A list that cannot be read or has a malformed entry; the message is one line."""


@dataclass(frozen=True)
class Entry:
    target: str   # module:attribute.path
    arg: str      # a Python expression in n
    unit: str     # what n counts
    lo: int
    hi: int
    label: str    # what the report calls it
    note: str
    source: str   # the list it came from

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class CallableList:
    name: str
    path: str
    version: object
    entries: tuple
    skipped: str = ""  # why none of its entries is measured here (a module it requires does not import)

    def summary(self):
        # A built-in list by its place in the package, never the install path of the machine that ran it.
        path = f"gilsweep/census/{os.path.basename(self.path)}" if self.path in BUILT_IN.values() else self.path
        return {"name": self.name, "path": path, "version": self.version, "entries": len(self.entries),
                "skipped": self.skipped}


def entry_from(table, index, where):
    unknown = set(table) - FIELDS
    if unknown:
        raise ListError(f"{where}: callable {index + 1} has unknown field(s) {', '.join(sorted(unknown))}; "
                        f"valid: {', '.join(sorted(FIELDS))}")
    for required in ("target", "arg"):
        if not isinstance(table.get(required), str) or not table[required].strip():
            raise ListError(f"{where}: callable {index + 1} needs {required} = \"...\" (a string)")
    bounds = table.get("range", list(DEFAULT_RANGE))
    if (not isinstance(bounds, list) or len(bounds) != 2 or not all(type(b) is int for b in bounds)
            or bounds[0] < 0 or bounds[1] < bounds[0]):
        raise ListError(f"{where}: {table['target']}: range must be [lo, hi] with 0 <= lo <= hi, got {bounds!r}")
    return Entry(table["target"], table["arg"], str(table.get("unit", "n")), bounds[0], bounds[1],
                 str(table.get("label", table["target"].replace(":", "."))), str(table.get("note", "")), where)


def load(name_or_path):
    """The CallableList of a built-in list's name or a TOML file's path."""
    path = BUILT_IN.get(name_or_path, name_or_path)
    name = name_or_path if name_or_path in BUILT_IN else os.path.basename(path)
    try:
        with open(path, "rb") as file:
            document = tomllib.load(file)
    except OSError as error:
        raise ListError(f"cannot read the list {name_or_path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ListError(f"{name_or_path} is not TOML: {error}") from None
    tables = document.get("callable")
    if not isinstance(tables, list) or not tables:
        raise ListError(f"{name_or_path} has no [[callable]] entries")
    entries = tuple(entry_from(table, index, name) for index, table in enumerate(tables))
    skipped = ""
    required = document.get("requires")
    if required:
        try:
            importlib.import_module(required)
        except Exception as error:  # ImportError, or what a broken install raises
            skipped = f"{required} does not import ({type(error).__name__}: {error})"
    return CallableList(name, path, document.get("version"), entries, skipped)


def select(lists, patterns):
    """The entries to measure, in list order: all of them, or those whose target
    or label matches one of the glob patterns (e.g. 'hashlib:*', '*compress')."""
    entries = [entry for listed in lists if not listed.skipped for entry in listed.entries]
    if patterns:
        entries = [entry for entry in entries
                   if any(fnmatch.fnmatchcase(entry.target, p) or fnmatch.fnmatchcase(entry.label, p)
                          for p in patterns)]
        if not entries:
            raise ListError(f"--only {' '.join(patterns)} matches no callable of the lists")
    return entries
