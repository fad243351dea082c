"""The adaptive grid: a coarse lattice every run shares, refined where a curve bends."""
from dataclasses import dataclass

from gilsweep.core import modes
from gilsweep.sweep import grid

DENSE = [1, 10, 100, 300, 1000, 2000, 3000, 5000, 10000]


@dataclass
class R:
    mode: str
    knob: int
    speedup: float
    workload: str = "churn"
    threads: int = 2
    state: str = ""


def test_the_lattice_is_every_other_knob_and_the_last():
    assert grid.lattice(DENSE) == [1, 100, 1000, 3000, 10000]
    assert grid.lattice([1, 2, 3, 4]) == [1, 3, 4]
    assert grid.lattice([5]) == [5] and grid.lattice([]) == []
    assert grid.between(DENSE, 100, 1000) == 300 and grid.between(DENSE, 1000, 3000) == 2000
    assert grid.between(DENSE, 1, 10) is None


def test_a_flat_curve_gets_nothing_and_a_bend_gets_the_knob_between():
    flat = [R(modes.PYTHON_HOLD, k, 1.0 + 0.01 * i) for i, k in enumerate(grid.lattice(DENSE))]
    assert grid.refinements(flat, {"churn": DENSE}) == set()
    bent = [R(modes.PYTHON_HOLD, 1, 1.0), R(modes.PYTHON_HOLD, 100, 1.2), R(modes.PYTHON_HOLD, 1000, 1.2)]
    assert grid.refinements(bent, {"churn": DENSE}) == {("churn", modes.PYTHON_HOLD, 2, 10)}


def test_a_bracket_of_one_and_a_half_gets_the_knob_between_even_when_the_step_is_small():
    rows = [R(modes.PYTHON_RELEASE, 1000, 1.45), R(modes.PYTHON_RELEASE, 3000, 1.55)]
    assert grid.refinements(rows, {"churn": DENSE}) == {("churn", modes.PYTHON_RELEASE, 2, 2000)}


def test_a_bracket_of_ninety_percent_of_the_ceiling_adds_the_ceiling_too():
    rows = [R(modes.PYTHON_RELEASE, 1000, 1.70), R(modes.PYTHON_RELEASE, 3000, 1.80),
            R(modes.CEILING, 1000, 2.0), R(modes.CEILING, 3000, 2.0)]
    assert grid.refinements(rows, {"churn": DENSE}) == {("churn", modes.PYTHON_RELEASE, 2, 2000),
                                                        ("churn", modes.CEILING, 2, 2000)}


def test_a_knob_already_measured_is_not_added_again():
    rows = [R(modes.PYTHON_RELEASE, 1000, 1.0), R(modes.PYTHON_RELEASE, 3000, 1.9),
            R(modes.PYTHON_HOLD, 2000, 1.0)]
    assert grid.refinements(rows, {"churn": DENSE}) == {("churn", modes.PYTHON_RELEASE, 2, 2000)}
    rows.append(R(modes.PYTHON_RELEASE, 2000, 1.5))
    assert grid.refinements(rows, {"churn": DENSE}) == set()
    assert grid.refinements(rows, {}) == set()  # no dense list: nothing to add


def test_a_bend_in_either_handoff_state_is_refined():
    # Normal handoff: flat from knob 100 on; slow handoff: crosses 1.5x between 1000 and 3000.
    rows = [R(modes.PYTHON_RELEASE, 100, 1.9, state="normal"), R(modes.PYTHON_RELEASE, 1000, 1.9, state="normal"),
            R(modes.PYTHON_RELEASE, 100, 0.6, state="slow"), R(modes.PYTHON_RELEASE, 1000, 1.2, state="slow"),
            R(modes.PYTHON_RELEASE, 3000, 1.9)]
    assert grid.refinements(rows, {"churn": DENSE}) == {
        ("churn", modes.PYTHON_RELEASE, 2, 300), ("churn", modes.PYTHON_RELEASE, 2, 2000)}
