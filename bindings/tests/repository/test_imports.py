"""The package's folders are its jobs, and imports run one way: core <- sweep,
probe, latency, census <- cli (docs/architecture.md). Read from the source with
ast, so a circle hidden inside a function shows too."""
import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "gilsweep"
#: The folders by job, each with the folders it must never import.
NEVER = {
    "core": {"sweep", "probe", "latency", "census", "cli"},
    "probe": {"sweep", "latency", "census", "cli"},
    "latency": {"sweep", "probe", "census", "cli"},
    "census": {"sweep", "latency", "cli"},
    "sweep": {"latency", "census", "cli"},
}
#: Optional dependencies, the only imports a function may make (at its first use).
OPTIONAL = {"matplotlib", "numpy", "dask", "distributed"}
#: The sweep's own modules (14 since noise_text, crossover, budget and compare joined verdict,
#: analysis, config and side_by_side, whose jobs they served); a module other jobs need goes to core/.
MAX_SWEEP_MODULES = 14


def modules():
    """(path, the package it belongs to, its syntax tree) for every module of the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "kernels.py":  # SWIG's generated proxy
            package = ".".join(("gilsweep",) + path.relative_to(PACKAGE).parent.parts)
            yield path, package, ast.parse(path.read_text())


def imported(node, package):
    """The absolute names an import statement reaches: its module, and module.name for
    `from module import name` (a name may be a submodule)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
    module = ".".join(base + ([node.module] if node.module else []))
    return [module] + [f"{module}.{alias.name}" for alias in node.names]


def folder_of(name):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "gilsweep" else None


def test_imports_run_one_way_from_the_core_to_the_commands():
    wrong = []
    for path, package, tree in modules():
        folder = folder_of(package)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                reached = {folder_of(name) for name in imported(node, package)}
                wrong += [f"{path.relative_to(PACKAGE)}:{node.lineno} imports gilsweep.{above}"
                          for above in sorted(reached & NEVER.get(folder, set()))]
    assert not wrong, "\n".join(wrong)


def test_no_function_imports_inside_the_package_but_optional_dependencies():
    inside = []
    for path, package, tree in modules():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        names = imported(node, package)
                        if getattr(node, "level", 0) or names[0].split(".")[0] not in OPTIONAL:
                            inside.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
    assert not inside, "\n".join(inside)


def test_the_sweep_folder_holds_the_sweep_only():
    sweep = sorted(path.name for path in (PACKAGE / "sweep").glob("*.py"))
    assert len(sweep) <= MAX_SWEEP_MODULES, sweep


def test_the_check_reads_the_whole_package():
    folders = {folder_of(package) for _, package, _ in modules()}
    assert set(NEVER) <= folders and sum(1 for _ in modules()) > 50


def test_the_thresholds_module_has_no_alias():
    word = "calibrate" + "_module"  # in pieces, so this file does not name it
    naming = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if word in path.read_text()]
    assert not naming, naming
