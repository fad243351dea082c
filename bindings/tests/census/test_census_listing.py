"""The census's lists: the curated ones load, are big enough, and every
entry resolves and builds its argument at a small n (and survives one call
there); a malformed list is refused in one line naming the problem; --only
picks by target or label."""
import pytest

from gilsweep.census import listing
from gilsweep.probe import gil_probe


def built_in_entries():
    lists = [listing.load(name) for name in listing.DEFAULT_LISTS]
    return [entry for listed in lists if not listed.skipped for entry in listed.entries]


def test_the_curated_lists_load_with_a_version_and_cover_the_families_asked_for():
    stdlib = listing.load("stdlib")
    assert stdlib.version == 1 and len(stdlib.entries) >= 30 and not stdlib.skipped
    modules = {entry.target.partition(":")[0] for entry in stdlib.entries}
    assert {"hashlib", "zlib", "bz2", "lzma", "binascii", "base64", "json", "re", "pickle", "struct", "builtins",
            "time", "select", "mmap"} <= modules
    labels = {entry.label for entry in stdlib.entries}
    assert {"os.read on a pipe", "os.write on a pipe", "sqlite3 execute"} <= labels
    hashes = {entry.target for entry in stdlib.entries if entry.target.startswith("hashlib:")}
    assert {"hashlib:md5", "hashlib:sha1", "hashlib:sha256", "hashlib:sha3_256", "hashlib:shake_128",
            "hashlib:blake2b"} <= hashes
    assert len({(entry.target, entry.arg) for entry in stdlib.entries}) == len(stdlib.entries)  # no question twice


def test_the_numpy_list_is_measured_only_where_numpy_imports():
    numpy_list = listing.load("numpy")
    try:
        import numpy  # noqa: F401
    except ImportError:
        assert numpy_list.skipped.startswith("numpy does not import")
    else:
        assert not numpy_list.skipped and len(numpy_list.entries) >= 8


@pytest.mark.parametrize("entry", built_in_entries(), ids=lambda entry: f"{entry.target}({entry.arg})")
def test_every_entry_resolves_and_builds_its_argument_at_a_small_n(entry):
    target = gil_probe.resolve(entry.target, entry.arg)
    assert target.spec == entry.target and callable(target.function)
    small, larger = entry.lo, min(entry.hi, entry.lo + 64)
    assert small < larger, "the entry's range leaves the knob nothing to vary"
    built = {n: target.arguments(n) for n in (small, larger)}
    for n, arguments in built.items():
        assert isinstance(arguments, tuple) and arguments
        target.call(n, arguments)  # raises ProbeError, naming the entry and n, if the call fails
    # The knob reaches the arguments: the census would otherwise time one call at every size.
    assert shape(built[small]) != shape(built[larger])


def shape(arguments):
    """Each argument's length, or its repr where it has none: what a knob changes."""
    return [len(value) if hasattr(value, "__len__") else repr(value) for value in arguments]


@pytest.mark.parametrize("text, message", [
    ("version = 1\n", "has no [[callable]] entries"),
    ("[[callable]]\ntarget = 'math:sqrt'\n", "callable 1 needs arg"),
    ("[[callable]]\ntarget = 'math:sqrt'\narg = 'n'\nrange = [5, 1]\n", "math:sqrt: range must be [lo, hi]"),
    ("[[callable]]\ntarget = 'math:sqrt'\narg = 'n'\nsize = 3\n", "unknown field(s) size"),
    ("[[callable]\n", "is not TOML"),
])
def test_a_malformed_list_is_refused_in_one_line(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(listing.ListError) as raised:
        listing.load(str(path))
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_list_is_refused_in_one_line():
    with pytest.raises(listing.ListError, match="cannot read the list /nonexistent/mine.toml"):
        listing.load("/nonexistent/mine.toml")


def test_only_picks_by_target_or_label_and_says_when_nothing_matches():
    stdlib = listing.load("stdlib")
    assert [e.target for e in listing.select([stdlib], ["hashlib:sha2*"])] == [
        "hashlib:sha224", "hashlib:sha256"]
    assert [e.label for e in listing.select([stdlib], ["os.* on a pipe"])] == ["os.read on a pipe", "os.write on a pipe"]
    with pytest.raises(listing.ListError, match="--only nothing:here matches no callable"):
        listing.select([stdlib], ["nothing:here"])
