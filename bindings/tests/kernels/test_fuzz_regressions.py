"""What the fuzzers (Tests/Fuzz, make fuzz) found the Python API getting wrong, kept as tests.

Both were in the SWIG layer's C helpers and are fixed: gcd_many read a signed
('q') buffer item as unsigned when the other side of its pair was above 2**64
(bindings/batch_input.c, set_item), and kernel names were compared as C
strings, so "gcd\0junk" was taken for "gcd" (bindings/helpers.c, kernel_index).
"""
import math
from array import array

import pytest

import gilsweep

BIG = -177456373828757514350045696158145642694904012431646815641562735  # |BIG| > 2**64, 3 divides it


@pytest.mark.parametrize("swap", [False, True])
def test_gcd_many_reads_a_signed_buffer_item_by_its_value_next_to_a_big_int(swap):
    small, big = array("q", [-297, 297, -6]), [BIG, BIG, 3 * 2**70]
    want = [math.gcd(x, y) for x, y in zip(small, big)]
    assert want == [3, 3, 6]
    got = gilsweep.gcd_many(big, small) if swap else gilsweep.gcd_many(small, big)
    assert list(got) == want


def test_a_kernel_name_with_a_nul_is_unknown():
    before = gilsweep.release_threshold("gcd")
    try:
        with pytest.raises(ValueError, match="unknown kernel"):
            gilsweep.set_release_threshold("gcd\0junk", 5)
        with pytest.raises(ValueError, match="unknown kernel"):
            gilsweep.release_threshold("gcd\0junk")
    finally:
        gilsweep.set_release_threshold("gcd", before)
