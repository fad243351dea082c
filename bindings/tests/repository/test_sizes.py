"""The house stays walkable: no Python module of the package over 300 lines
(split it by job instead), and the README a front door of at most 200."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_no_module_of_the_package_is_over_300_lines():
    sizes = {path.relative_to(ROOT): len(path.read_text().splitlines())
             for path in (ROOT / "bindings" / "gilsweep").rglob("*.py") if path.name != "kernels.py"}
    assert sizes and not {path: lines for path, lines in sizes.items() if lines > 300}


def test_the_readme_is_a_front_door():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200
