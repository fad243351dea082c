"""Censuses side by side: one column per run, the rows that differ marked,
and a closing count of the answers that repeat."""
import copy

from test_census_report import doc

from gilsweep.census import compare


def test_two_runs_side_by_side_mark_what_differs():
    first, second = doc(), doc()
    second = copy.deepcopy(second)
    second["versions"]["python"] = "3.12.1"
    second["entries"][1]["answer"] = "releases everywhere"
    table, last = compare.compare([first, second])
    assert table.splitlines()[0].startswith("| callable | unit | CPython ")
    assert "| hashlib.sha256 | bytes | releases from 2048 | releases from 2048 |" in table
    assert "| json.dumps **differs** | bytes | holds everywhere | releases everywhere |" in table
    assert "| nope.f | bytes | not measured | not measured |" in table
    assert last == "2 of 3 callables measured in every run got the same answer in each; differ: json.dumps"


def test_an_entry_missing_from_a_run_says_so():
    first, second = doc(), copy.deepcopy(doc())
    del second["entries"][2]
    table, last = compare.compare([first, second, first])
    assert "| zlib.compress | bytes | releases everywhere | not in this run | releases everywhere |" in table
    assert last.startswith("2 of 2 callables")
