"""census.json and census.md from one document: versions, every entry's
answer in words, the entries not measured, the round trip, the confirmations."""
from gilsweep.census import listing, report, run


def outcome(target, answer="", threshold=None, error="", unit="bytes"):
    entry = listing.Entry(target, "bytes(n)", unit, 1, 1024, target.replace(":", "."), "", "test")
    return run.Outcome(entry.as_dict(), answer, threshold, [], 1.0, error)


OUTCOMES = [outcome("hashlib:sha256", "threshold: 2048", 2048), outcome("json:dumps", "holds everywhere"),
            outcome("zlib:compress", "releases everywhere"), outcome("nope:f", error="cannot import module 'nope'")]
TRIP = {"kernel": "churn", "knob": 0, "seed": 1, "confidence": 0.95,
        "uncontended": {"ns": 28.0, "lo": 27.0, "hi": 29.0, "rounds": 3, "processes": 1},
        "contended": {"ns": 40.0, "lo": 35.0, "hi": 45.0, "rounds": 3, "processes": 1},
        "ctypes_extra": {"ns": 170.0, "lo": 165.0, "hi": 175.0, "rounds": 3, "processes": 1},
        "per_call_ns": {"alone": {"hold": [17, 17, 18], "release": [45, 46, 47], "ctypes": [215, 216, 217]},
                        "two_threads": {"hold": [20, 21, 22], "release": [60, 61, 62]}}}


def doc(trip=TRIP):
    return report.document([listing.load("stdlib")], OUTCOMES, trip, {"trials": 5}, 12.3)


def test_the_markdown_says_each_answer_in_words_and_lists_what_was_not_measured():
    text = report.markdown(doc())
    assert "3 callables measured: 1 from a threshold, 1 release everywhere, 1 hold everywhere, 0 not monotone; " \
           "1 not measured; took 12 s." in text
    assert "| hashlib.sha256 | `bytes(n)` | 1-1024 | releases from 2048 | bytes |" in text
    assert "| json.dumps | `bytes(n)` | 1-1024 | holds everywhere | bytes |" in text
    assert "| nope.f | `bytes(n)` | 1-1024 | not measured | bytes |" in text
    assert "- nope:f: cannot import module 'nope'" in text
    assert "python " in text and "stdlib (version 1," in text
    assert "| a GIL release and re-acquire, uncontended | 28 [27, 29] | release 46 - hold 17, one thread, CPU time |" in text
    assert "| ctypes on top of a release | 170 [165, 175] |" in text


def test_without_a_round_trip_there_is_no_round_trip_section():
    assert "GIL release costs" not in report.markdown(doc(trip=None))


def test_confirmations_get_a_column():
    document = doc()
    document["entries"][0]["confirmation"] = {"answer": "threshold: 2048", "agrees": True, "seconds": 4.0}
    assert "| releases from 2048 | bytes | yes |" in report.markdown(document)
    document["entries"][0]["confirmation"] = {"answer": "threshold: 2049", "agrees": False, "seconds": 4.0}
    assert "| no: threshold: 2049 |" in report.markdown(document)


def test_the_folder_holds_both_files_and_reads_back(tmp_path):
    paths = report.write(str(tmp_path / "census"), doc())
    assert [p.rsplit("/", 1)[1] for p in paths] == ["census.json", "census.md"]
    assert report.is_census(str(tmp_path / "census")) and not report.is_census(str(tmp_path))
    loaded = report.load(str(tmp_path / "census"))
    assert loaded["kind"] == "census" and loaded["format_version"] == report.FORMAT_VERSION
    assert loaded["versions"]["python"] and loaded["machine"]["cores"] and loaded["round_trip"] == TRIP
    assert [e["answer"] for e in loaded["entries"]] == ["threshold: 2048", "holds everywhere", "releases everywhere", ""]
