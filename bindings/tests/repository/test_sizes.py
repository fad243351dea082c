"""The house stays walkable: no Python module of the package over 300 lines
(split it by job instead), no C function of the kernels over 80 (split it by
step), and the README a front door of at most 200."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_no_module_of_the_package_is_over_300_lines():
    sizes = {path.relative_to(ROOT): len(path.read_text().splitlines())
             for path in (ROOT / "bindings" / "gilsweep").rglob("*.py") if path.name != "kernels.py"}
    assert sizes and not {path: lines for path, lines in sizes.items() if lines > 300}


def test_the_readme_is_a_front_door():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200


#: The line that opens a function's body: its signature's closing parenthesis, then the brace.
OPENS_BODY = re.compile(r"\)\s*\{\s*$")


def c_function_lengths(path):
    """{name: lines} of every function defined in a C file written as CSupport's are: the
    signature starts at column 0, the body opens at the end of its last line and closes
    with a brace alone at column 0."""
    lines = path.read_text().splitlines()
    lengths, start, declaration = {}, None, None
    for number, line in enumerate(lines):
        if start is None:
            if re.match(r"[A-Za-z_]", line):
                declaration = number
            if declaration is not None and OPENS_BODY.search(line):
                start = declaration
            elif line.endswith((";", "}")):
                declaration = None
        elif line == "}":
            signature = re.sub(r"__attribute__\(\(.*?\)\)", "", " ".join(lines[start:number + 1]).split("{")[0])
            name = re.search(r"(\w+)\s*\(", signature)
            lengths[f"{path.name}:{name.group(1) if name else start + 1}"] = number - start + 1
            start = declaration = None
    return lengths


def test_no_c_function_of_the_kernels_is_over_80_lines():
    lengths = {}
    for path in sorted((ROOT / "CSupport").rglob("*.[ch]")):
        lengths.update(c_function_lengths(path))
    assert "sieve.c:gs__sieve_walk" in lengths and len(lengths) > 40
    assert not {name: lines for name, lines in lengths.items() if lines > 80}
