"""`gilsweep sweep --help`: every default it shows is the one the code uses."""
from gilsweep import cli, sweep


def test_every_default_shown_in_help_matches_the_code():
    text = " ".join(cli.parser()._subparsers._group_actions[0].choices["sweep"].format_help().split())
    default, quick, full = (sweep.PRESETS[name] for name in ("default", "quick", "full"))
    assert (f"up to this many plus {default.extra_rounds} (default {default.repeats}; --quick {quick.repeats} plus "
            f"{quick.extra_rounds}, --full {full.repeats} plus {full.extra_rounds})") in text
    assert (f"{quick.repeats} to {quick.repeats + quick.extra_rounds} rounds of "
            f"{quick.target_seconds * 1000:.0f} ms windows") in text
    assert f"at least {full.repeats} rounds of {full.target_seconds * 1000:.0f} ms windows" in text
    assert f"(default {sweep.config.MAX_WAIT_SECONDS:.0f}; 0: never wait)" in text
    assert f"up to {sweep.config.HARD_CAP_FACTOR:g} times it (default {default.time_budget_s:.0f};" in text
    assert set(sweep.MODES) == set(cli.parser().parse_args(["sweep"]).modes)
