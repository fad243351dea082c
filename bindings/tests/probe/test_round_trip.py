"""The GIL's round trip: three figures with intervals around their medians,
from interleaved rounds, and the table that shows them."""
from gilsweep.probe import round_trip


def test_a_short_measurement_gives_each_figure_inside_its_interval():
    result = round_trip.measure(seed=3, rounds=5, processes=2)
    for part in ("uncontended", "contended", "ctypes_extra"):
        figure = result[part]
        assert figure["lo"] <= figure["ns"] <= figure["hi"] and figure["rounds"] == 10 and figure["processes"] == 2
    assert set(result["per_call_ns"]["alone"]) == {"hold", "release", "ctypes"}
    assert all(len(values) == 10 and min(values) > 0 for values in result["per_call_ns"]["alone"].values())
    assert "| a GIL release and re-acquire, another thread waiting for the GIL |" in round_trip.table(result)


def test_the_interval_is_the_bootstrap_of_the_median_over_processes_and_rounds():
    figure = round_trip.interval([[10.0] * 9 + [1000.0]] * 3, seed=1)
    assert figure == {"ns": 10.0, "lo": 10.0, "hi": 10.0, "rounds": 30, "processes": 3}
    spread = round_trip.interval([list(range(1, 102))], seed=1)
    assert spread["ns"] == 51 and 40 < spread["lo"] < 51 < spread["hi"] < 62
    # Processes that disagree widen the interval even when each is tight within.
    apart = round_trip.interval([[26.0] * 20, [29.0] * 20, [27.0] * 20], seed=1)
    assert apart["lo"] == 26.0 and apart["hi"] == 29.0
