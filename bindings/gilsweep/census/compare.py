"""Censuses side by side (`gilsweep compare A B [C ...]`): two runs on one
interpreter (do the verdicts repeat?) or runs on several (what changed between
versions?). Entries are matched by target and argument: the same question."""
from . import report


def column_name(doc):
    return f"CPython {doc['versions']['python']} ({doc['machine']['started'][11:16]})"


def compare(docs):
    """(markdown table, one closing line): every entry any run measured, and how
    many of those measured in all runs got the same answer in each."""
    keyed = [{(e["target"], e["arg"]): e for e in doc["entries"]} for doc in docs]
    order = list(dict.fromkeys(key for entries in keyed for key in entries))
    lines = ["| callable | unit | " + " | ".join(column_name(doc) for doc in docs) + " |",
             "|---|---|" + "---|" * len(docs)]
    same, differ = 0, []
    for key in order:
        found = [entries.get(key) for entries in keyed]
        first = next(e for e in found if e)
        cells = [report.answer_cell(e) if e else "not in this run" for e in found]
        measured = all(e and not e["error"] for e in found)
        if measured and len(set(cells)) == 1:
            same += 1
        elif measured:
            differ.append(first["label"])
        marker = " **differs**" if measured and len(set(cells)) > 1 else ""
        lines.append(f"| {first['label']}{marker} | {first['unit']} | " + " | ".join(cells) + " |")
    total = same + len(differ)
    last = (f"{same} of {total} callables measured in every run got the same answer in each"
            + (f"; differ: {', '.join(differ)}" if differ else ""))
    return "\n".join(lines), last


def compare_folders(folders):
    return compare([report.load(folder) for folder in folders])
