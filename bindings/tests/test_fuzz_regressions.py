"""What the fuzzers (Tests/Fuzz, make fuzz) found the Python API getting wrong, kept as tests.

Both bugs below live in the SWIG layer (bindings/batch.i, bindings/kernels.i),
which is being reworked separately; until the fix lands each test is a strict
xfail, so the fix turns it into an XPASS failure: then drop the marker (and, for
the first, Tests/Fuzz/fuzz_python.py's known_signed_buffer_bug skip).
"""
import math
from array import array

import pytest

import gilsweep

BIG = -177456373828757514350045696158145642694904012431646815641562735  # |BIG| > 2**64, 3 divides it


@pytest.mark.xfail(strict=True, reason="batch.i pair_bigints sets a signed ('q') buffer item with "
                   "gs_bigint_set_u64 of its two's complement when the other side is above 2**64")
@pytest.mark.parametrize("swap", [False, True])
def test_gcd_many_reads_a_signed_buffer_item_by_its_value_next_to_a_big_int(swap):
    small, big = array("q", [-297, 297, -6]), [BIG, BIG, 3 * 2**70]
    want = [math.gcd(x, y) for x, y in zip(small, big)]
    assert want == [3, 3, 6]
    got = gilsweep.gcd_many(big, small) if swap else gilsweep.gcd_many(small, big)
    assert list(got) == want


@pytest.mark.xfail(strict=True, reason="kernels.i kernel_index compares names as C strings, "
                   "so 'gcd\\0junk' is taken for 'gcd'")
def test_a_kernel_name_with_a_nul_is_unknown():
    before = gilsweep.release_threshold("gcd")
    try:
        with pytest.raises(ValueError, match="unknown kernel"):
            gilsweep.set_release_threshold("gcd\0junk", 5)
        with pytest.raises(ValueError, match="unknown kernel"):
            gilsweep.release_threshold("gcd\0junk")
    finally:
        gilsweep.set_release_threshold("gcd", before)
