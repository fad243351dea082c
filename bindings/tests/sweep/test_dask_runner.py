

def test_the_cli_adds_the_dask_modes_and_their_knobs_only_when_asked():
    from gilsweep import cli

    assert not set(modes.DASK_MODES) & set(cli.parser().parse_args(["sweep"]).modes)
    assert cli.parser().parse_args(["sweep", "--dask"]).dask
    assert cli.parser().parse_args(["sweep", "--modes", "dask-processes"]).modes == ["dask-processes"]
    _, plain = cli.knob_lists("churn", None, 1)
    _, with_dask = cli.knob_lists("churn", None, 1, dask=True)
    assert plain["churn"] == workloads.DEFAULT_KNOBS["churn"]
    assert set(with_dask["churn"]) == set(plain["churn"]) | set(workloads.DASK_KNOBS["churn"])
    done = subprocess.run([sys.executable, "-m", "gilsweep", "sweep", "--dask", "--callable", "math:sqrt", "--arg", "n"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr == "gilsweep: error: the Dask modes sweep the kernels, not a --callable\n"
