"""What the latency tests share: one small run per test module, measured once."""
import pytest


@pytest.fixture(scope="module")
def small_run(request, tmp_path_factory):
    """The module's SMALL_RUN, (run_folder, config), run once into a fresh folder:
    (out, document, paths written)."""
    run_folder, config = request.module.SMALL_RUN
    out = str(tmp_path_factory.mktemp(request.module.__name__) / "run")
    document, paths = run_folder(config, out)
    return out, document, paths
