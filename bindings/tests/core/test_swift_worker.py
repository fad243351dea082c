"""The Swift worker's protocol: operands reach gilsweep-swift as decimal text."""
from gilsweep.core import workloads


def test_operands_reach_swift_as_decimal_text_of_any_size():
    import sys

    from gilsweep.core.swift_worker import decimal

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    texts = {bits: decimal(workloads.operands("gcd", bits)[0]) for bits in (1, 64, 4096, 16384, 65536)}
    assert len(texts[65536]) > 19_000  # far above CPython's default 4300-digit limit
    try:
        if limit:
            sys.set_int_max_str_digits(0)  # the reference only; the sweep never changes it
        for bits, text in texts.items():
            assert text == str(workloads.operands("gcd", bits)[0])
    finally:
        if limit:
            sys.set_int_max_str_digits(limit)
    assert decimal(10**1000) == "1" + "0" * 1000 and decimal(0) == "0" and decimal(-7) == "-7"
