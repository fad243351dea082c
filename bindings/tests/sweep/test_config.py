"""What a sweep is asked to do: the presets, the limits every run must stay in
(each refused in one line naming its option), and SweepConfig, which refuses a
sweep that cannot run before anything is measured."""
import json

import pytest

from gilsweep.core import workloads
from gilsweep.sweep import config
from gilsweep.sweep.config import PRESETS, SweepConfig, check_limits


def a_config(**changes):
    settings = dict(workloads=["churn"], modes=["python-hold", "python-release"], threads=[2],
                    knobs={"churn": [10, 1000]})
    settings.update(changes)
    return SweepConfig(**settings)


def test_the_presets_grow_from_quick_to_full():
    assert list(PRESETS) == ["quick", "default", "full"]
    quick, default, full = PRESETS.values()
    for field in ("target_seconds", "time_budget_s", "forecast_s", "max_time_s"):
        assert getattr(quick, field) < getattr(default, field) < getattr(full, field), field
    # The most rounds a point may get grows too; the first look comes no earlier.
    assert (quick.repeats + quick.extra_rounds < default.repeats + default.extra_rounds
            < full.repeats + full.extra_rounds)
    assert quick.repeats <= default.repeats <= full.repeats
    assert quick.knob_stride == 2 and default.knob_stride == full.knob_stride == 1
    # Only the default refines a lattice: --quick is a smoke test, --full the dense grid.
    assert (quick.adaptive, default.adaptive, full.adaptive) == (False, True, False)
    for preset in PRESETS.values():
        # A whole run's limit leaves room for the measuring budget and for finishing after it.
        assert preset.time_budget_s + config.FINISH_SECONDS < preset.max_time_s <= config.MAX_SECONDS
        check_limits([2], config.MAX_WAIT_SECONDS, preset.time_budget_s, preset.max_time_s)


def test_a_config_by_default_is_the_default_preset():
    made = a_config()
    default = PRESETS["default"]
    assert (made.repeats, made.target_seconds, made.forecast_s, made.time_budget_s, made.max_time_s) == (
        default.repeats, default.target_seconds, default.forecast_s, default.time_budget_s, default.max_time_s)
    assert (made.chunks, made.max_requeues, made.extra_rounds, made.max_wait_s, made.warmup_rounds) == (
        config.CHUNKS, config.MAX_REQUEUES, default.extra_rounds, config.MAX_WAIT_SECONDS, config.WARMUP_ROUNDS)
    assert made.seed is None and made.foreign is None and made.stall_injector is None and made.refine_knobs is None


@pytest.mark.parametrize("threads, max_wait_s, time_budget_s, max_time_s", [
    ([1], 0, None, None),
    ([1, 2, 256], 86400, 0, 30),
    ([4], 600.0, 86400, 86400),
    ([2], 0.5, 0.25, 30.0),
])
def test_limits_a_run_can_have_pass(threads, max_wait_s, time_budget_s, max_time_s):
    assert check_limits(threads, max_wait_s, time_budget_s, max_time_s) is None


@pytest.mark.parametrize("args, message", [
    (([], 0, None), "--threads must be between 1 and 256, got "),
    (([0, 2], 0, None), "--threads must be between 1 and 256, got 0, 2"),
    (([2, 257], 0, None), "--threads must be between 1 and 256, got 2, 257"),
    (([-1], 0, None), "--threads must be between 1 and 256, got -1"),
    (([2], -1, None), "--max-wait must be between 0 and 86400 seconds, got -1"),
    (([2], 86400.5, None), "--max-wait must be between 0 and 86400 seconds, got 86400.5"),
    (([2], 0, -0.5), "--time-budget must be between 0 and 86400 seconds, got -0.5"),
    (([2], 0, 100000), "--time-budget must be between 0 and 86400 seconds, got 100000"),
    (([2], 0, None, 29.5), "--max-time must be between 30 and 86400 seconds (0: no limit), got 29.5"),
    (([2], 0, None, 0), "--max-time must be between 30 and 86400 seconds (0: no limit), got 0"),
    (([2], 0, None, 86401), "--max-time must be between 30 and 86400 seconds (0: no limit), got 86401"),
    (([0], -1, -1, 1), "--threads must be between"),  # the threads are checked first
])
def test_each_limit_a_run_cannot_have_is_refused_in_one_line_naming_its_option(args, message):
    with pytest.raises(ValueError) as raised:
        check_limits(*args)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
    if not message.endswith("between"):
        assert str(raised.value) == message


def test_a_config_checks_the_limits():
    with pytest.raises(ValueError, match=r"^--threads must be between 1 and 256, got 2, 300$"):
        a_config(threads=[2, 300])
    with pytest.raises(ValueError, match=r"^--max-wait must be between 0 and 86400 seconds, got -5$"):
        a_config(max_wait_s=-5)
    with pytest.raises(ValueError, match=r"^--time-budget must be between 0 and 86400 seconds, got 1e\+06$"):
        a_config(time_budget_s=1e6)
    with pytest.raises(ValueError, match=r"^--max-time must be between 30 and 86400 seconds \(0: no limit\), got 10$"):
        a_config(max_time_s=10)
    assert a_config(time_budget_s=None, max_time_s=None).max_time_s is None  # no budget, no limit


def test_a_config_refuses_knobs_out_of_range_naming_the_workload_and_its_limit():
    with pytest.raises(ValueError, match=r"^churn knobs must be between 1 and 1000000000, got 0, 1000000001$"):
        a_config(knobs={"churn": [0, 10, 1_000_000_001]})
    with pytest.raises(ValueError, match=r"^gcd knobs must be between 1 and 262144, got 262145$"):
        a_config(workloads=["churn", "gcd"], knobs={"churn": [10], "gcd": [64, 262145]})
    assert a_config(knobs={"churn": [1, workloads.MAX_KNOBS["churn"]]}).knobs["churn"] == [1, 10**9]


NOTHING = ("nothing to measure: {modes} on {workloads} at these knobs (python-loop is for the batch kernels, "
           "pure-python and the dask modes for the others, the dask modes from knob churn 1000000, gcd 16384, "
           "primes 10000000, threads for a --callable)")


@pytest.mark.parametrize("changes, modes, workloads_named", [
    ({"modes": ["python-loop"]}, "python-loop", "churn"),  # python-loop is for the batch workloads
    ({"modes": ["pure-python"], "workloads": ["gcd-batch"], "knobs": {"gcd-batch": [4]}}, "pure-python",
     "gcd-batch"),
    ({"modes": ["dask-threads", "dask-processes"]}, "dask-threads, dask-processes", "churn"),  # knobs too small
    ({"modes": ["threads"]}, "threads", "churn"),  # only for a foreign callable
    ({"knobs": {"churn": []}}, "python-hold, python-release", "churn"),
])
def test_a_config_with_nothing_to_measure_is_refused(changes, modes, workloads_named):
    with pytest.raises(ValueError) as raised:
        a_config(**changes)
    assert str(raised.value) == NOTHING.format(modes=modes, workloads=workloads_named)


def test_a_config_with_something_to_measure_somewhere_is_taken():
    assert a_config(modes=["python-loop", "python-hold"]).modes == ["python-loop", "python-hold"]
    assert a_config(modes=["dask-threads"], knobs={"churn": [10, 1_000_000]}).knobs == {"churn": [10, 1_000_000]}
    # A foreign callable's knobs are the user's, and it is measured in threads.
    foreign = SweepConfig(workloads=["builtins:divmod"], modes=["threads"], threads=[2],
                          knobs={"builtins:divmod": [10**12]})
    assert foreign.workloads == ["builtins:divmod"]


def test_as_dict_records_what_the_run_was_asked_and_the_constants_it_ran_with():
    made = a_config(repeats=5, target_seconds=0.03, seed=7, max_wait_s=0, forecast_s=0, stall_injector=lambda *a: 0)
    recorded = made.as_dict()
    assert {key: recorded[key] for key in ("workloads", "modes", "threads", "knobs")} == {
        "workloads": ["churn"], "modes": ["python-hold", "python-release"], "threads": [2],
        "knobs": {"churn": [10, 1000]}}
    assert (recorded["repeats"], recorded["target_seconds"], recorded["max_wait_s"], recorded["forecast_s"]) == (
        5, 0.03, 0, 0)
    assert (recorded["chunks"], recorded["max_requeues"], recorded["extra_rounds"]) == (
        config.CHUNKS, config.MAX_REQUEUES, PRESETS["default"].extra_rounds)
    assert (recorded["time_budget_s"], recorded["max_time_s"]) == (PRESETS["default"].time_budget_s,
                                                                   PRESETS["default"].max_time_s)
    assert recorded["hard_cap_factor"] == config.HARD_CAP_FACTOR and recorded["operand_seed"] == workloads.OPERAND_SEED
    assert "foreign" not in recorded and "stall_injector" not in recorded
    assert json.loads(json.dumps(recorded)) == recorded  # it goes into sweep.json as it is


def test_as_dict_records_a_foreign_callable():
    foreign = {"target": "builtins:divmod", "arg": "(n, 7)", "verdicts": {"10": {"releases": False}}}
    made = SweepConfig(workloads=["builtins:divmod"], modes=["threads"], threads=[2],
                       knobs={"builtins:divmod": [10]}, foreign=foreign)
    assert made.as_dict()["foreign"] == foreign
