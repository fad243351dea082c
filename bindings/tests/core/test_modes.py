"""Modes and workloads: each name defined once, and which mode applies to which workload."""
import gilsweep
from gilsweep.core import modes


def test_every_mode_is_listed_once_with_its_runtime():
    assert len(set(modes.MODES)) == len(modes.MODES) == 9
    assert modes.CEILING == modes.SWIFT_THREADS == modes.MODES[-1]
    assert [modes.runtime_of(m) for m in modes.MODES] == ["python"] * 8 + ["swift"]


def test_the_swig_modes_call_the_three_gil_policies():
    assert set(modes.POLICY_OF) == {modes.PYTHON_HOLD, modes.PYTHON_RELEASE, modes.PYTHON_AUTO}
    assert sorted(modes.POLICY_OF.values()) == sorted(gilsweep.POLICIES)
    assert set(modes.RELEASE_PER_CALL) <= set(modes.MODES) and modes.PYTHON_HOLD not in modes.RELEASE_PER_CALL


def test_every_workload_calls_a_kernel_of_the_api():
    assert all(kernel in gilsweep.KERNELS for kernel, _ in modes.WORKLOADS.values())
    assert modes.WORKLOADS["primes"][0] == "count_primes"
    assert set(modes.BATCH_OF) <= set(modes.WORKLOADS)
    assert all(scalar in gilsweep.KERNELS for scalar in modes.BATCH_OF.values())


def test_python_loop_is_for_batches_and_pure_python_for_the_rest():
    for workload in modes.WORKLOADS:
        batch = workload in modes.BATCH_OF
        assert modes.applies(modes.PYTHON_LOOP, workload) == batch
        assert modes.applies(modes.PURE_PYTHON, workload) == (not batch)
        others = set(modes.MODES) - {modes.PYTHON_LOOP, modes.PURE_PYTHON, modes.THREADS}
        assert all(modes.applies(mode, workload) for mode in others)


def test_a_foreign_callable_is_swept_in_threads_and_processes_only():
    assert [m for m in modes.MODES if modes.applies(m, "hashlib:sha256")] == [modes.THREADS, modes.PROCESSES]
    assert not any(modes.applies(modes.THREADS, workload) for workload in modes.WORKLOADS)


def test_a_workload_without_a_ctypes_call_has_no_ctypes_mode(monkeypatch):
    import dataclasses
    without = dataclasses.replace(modes.REGISTRY["gcd"], ctypes_call=None)
    monkeypatch.setitem(modes.REGISTRY, "gcd", without)
    assert not modes.applies(modes.CTYPES, "gcd") and modes.applies(modes.CTYPES, "churn")
