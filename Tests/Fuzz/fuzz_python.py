"""fuzz_python.py: atheris harness for the Python API of the installed gilsweep package.

Run by `make fuzz` (FUZZ_RUNS executions) and `make fuzz-smoke` (part of
`make test`) with the project venv's python, into which the Makefile installs
atheris from PyPI: `python Tests/Fuzz/fuzz_python.py -runs=N CORPUS_DIR`.
Any libFuzzer flag passes through.

Each input picks a public function (gcd, is_prime, next_prime, count_primes,
first_primes, churn, the batch kernels, set_release_threshold), a GIL policy
(gilsweep.kernel(name, gil)) and arguments of every kind the API must take or
refuse: ints of any size and sign, the boundaries 2**63 and 2**64 +- 1 and
their negatives, bools, int subclasses, objects with __index__, objects whose
__index__ raises (the exception must come through unchanged) or returns a
non-int, and non-integers (float, str, bytes, None, Decimal, Fraction, list).
The outcome is compared with the documented one (bindings/gilsweep/__init__.pyi,
bindings/tests/kernels/test_bad_input.py): a value equal to a simple reference
(math.gcd, Miller-Rabin, a sieve), or TypeError, ValueError, OverflowError in
the documented order (first argument first). Anything else (a wrong answer,
another exception, a crash of the extension) fails the run and leaves the
input in crash-*.

Calls whose cost would not be bounded (count_primes over a wide range,
first_primes of a huge k, churn of a huge n) are only made when they must fail
at argument checking; primality is fuzzed up to 512 bits.
"""
import array
import decimal
import fractions
import math
import sys
import types
import warnings

import atheris

with atheris.instrument_imports():
    import gilsweep

# An __index__ returning an int subclass is deprecated (CPython warns); the
# value is still used, so the harness expects the value and hides the warning.
warnings.simplefilter("ignore", DeprecationWarning)

U64 = 2**64
LARGEST_U64_PRIME = 2**64 - 59
BOUNDARIES = [0, 1, 2, 3, 2**31, 2**32, 2**53, 2**62, 2**63 - 1, 2**63, 2**63 + 1, 2**64 - 59, 2**64 - 1,
              2**64, 2**64 + 1, 2**65, 2**127 - 1, 2**128, 2**255 + 95, 10**30]
SMALL_PRIMES = [p for p in range(2, 200) if all(p % d for d in range(2, p))]


class Boom(Exception):
    """What RaisingIndex.__index__ raises: must reach the caller unchanged."""


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class RaisingIndex:
    def __index__(self):
        raise Boom("from __index__")


class BadIndex:
    """__index__ returns something that is not an int: TypeError."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class IntSub(int):
    pass


class Arg:
    """An argument: the object passed, and its int value or the exception it must raise."""

    def __init__(self, obj, value=None, error=None, named=False):
        self.obj, self.value, self.error = obj, value, error
        self.named = named  # the TypeError names the function and argument

    def __repr__(self):
        return f"Arg({self.obj!r}, value={self.value!r}, error={self.error})"


# ---------------------------------------------------------------- references

def is_prime_ref(n):
    """Miller-Rabin with the first 13 primes as bases: exact below 3.3 * 10**24."""
    if n < 2:
        return False
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in SMALL_PRIMES[:13]:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


SIEVE_LIMIT = 1 << 20
_sieve = bytearray([1]) * SIEVE_LIMIT
_sieve[0] = _sieve[1] = 0
for _p in range(2, math.isqrt(SIEVE_LIMIT) + 1):
    if _sieve[_p]:
        _sieve[_p * _p::_p] = bytes(len(range(_p * _p, SIEVE_LIMIT, _p)))
PRIMES = [i for i in range(SIEVE_LIMIT) if _sieve[i]]


def count_ref(lo, hi):
    if hi <= SIEVE_LIMIT:
        return sum(_sieve[lo:hi])
    return sum(1 for n in range(lo, hi) if is_prime_ref(n))


# ------------------------------------------------------------- the arguments

def make_int(fdp, max_bytes=64):
    kind = fdp.ConsumeIntInRange(0, 4)
    if kind == 0:
        value = fdp.ConsumeIntInRange(-300, 300)
    elif kind == 1:
        value = BOUNDARIES[fdp.ConsumeIntInRange(0, len(BOUNDARIES) - 1)] + fdp.ConsumeIntInRange(-3, 3)
        if fdp.ConsumeBool():
            value = -value
    elif kind == 2:
        value = fdp.ConsumeInt(fdp.ConsumeIntInRange(1, max_bytes))
    elif kind == 3:
        value = fdp.ConsumeUInt(8)
    else:
        value = fdp.ConsumeInt(8)
    return value


NOT_INTEGERS = [lambda v: float(v % 2**60), lambda v: str(v), lambda v: str(v).encode(), lambda v: None,
                lambda v: decimal.Decimal(v), lambda v: fractions.Fraction(v, 3), lambda v: [v],
                lambda v: complex(v % 1000, 1), lambda v: float("nan"), lambda v: object()]
NON_INT_RETURNS = [1.5, "7", None, 2.0**70, b"1", [1]]


def make_arg(fdp, max_bytes=64):
    value = make_int(fdp, max_bytes)
    wrap = fdp.ConsumeIntInRange(0, 15)
    if wrap <= 6:
        return Arg(value, value)
    if wrap == 7:
        return Arg(bool(value & 1), int(value & 1))
    if wrap == 8:
        return Arg(Index(value), value)
    if wrap == 9:
        return Arg(IntSub(value), value)
    if wrap == 10:
        return Arg(Index(IntSub(value)), value)
    if wrap == 11:
        return Arg(RaisingIndex(), error=Boom)
    if wrap == 12:
        return Arg(BadIndex(NON_INT_RETURNS[value % len(NON_INT_RETURNS)]), error=TypeError)
    return Arg(NOT_INTEGERS[value % len(NOT_INTEGERS)](value), error=TypeError, named=True)


# -------------------------------------------------------------- the outcomes

class Skip(Exception):
    """The call would be valid but unbounded in cost: not made."""


class Expected(Exception):
    def __init__(self, error, message=None):
        super().__init__(error, message)
        self.error, self.message = error, message


def converted(arg, function, argument):
    """The int value of arg, or Expected of the error its conversion must raise."""
    if arg.error is not None:
        message = f"{function}() argument '{argument}' must be an int" if arg.named else None
        raise Expected(arg.error, message)
    return arg.value


def u64(arg, function, argument):
    value = converted(arg, function, argument)
    if value < 0:
        raise Expected(ValueError, f"{function}() argument '{argument}' must not be negative")
    if value >= U64:
        raise Expected(OverflowError, f"{function}() argument '{argument}' must be below 2**64")
    return value


def work(arg, function, argument):
    """A value counted as work (churn's n, a threshold): 0 <= value < 2**63."""
    value = converted(arg, function, argument)
    if value < 0:
        raise Expected(ValueError, f"{function}() argument '{argument}' must not be negative")
    if value >= 2**63:
        raise Expected(OverflowError, f"{function}() argument '{argument}' must be below 2**63")
    return value


def run(description, call, outcome):
    """Call, then compare with outcome(): a checker of the result, or Expected, or Skip."""
    try:
        check = outcome()
    except Skip:
        return
    except Expected as expected:
        try:
            result = call()
        except expected.error as error:
            if expected.message is not None and expected.message not in str(error):
                raise AssertionError(f"{description}: message {str(error)!r} lacks {expected.message!r}") from error
            return
        except Exception as error:
            raise AssertionError(f"{description}: raised {type(error).__name__}: {error}; "
                                 f"expected {expected.error.__name__}") from error
        raise AssertionError(f"{description}: returned {result!r}; expected {expected.error.__name__}")
    try:
        result = call()
    except Exception as error:
        raise AssertionError(f"{description}: raised {type(error).__name__}: {error}") from error
    try:
        check(result)
    except AssertionError as error:
        raise AssertionError(f"{description}: {error}") from None


def equal_to(want):
    def check(result):
        assert type(result) is type(want) and result == want, f"got {result!r}, want {want!r}"
    return check


# ------------------------------------------------------------------ the ops

def op_gcd(fdp, policy):
    a, b = make_arg(fdp, 200), make_arg(fdp, 200)
    if a.error is None and b.error is None and fdp.ConsumeBool():  # a common factor
        factor = make_int(fdp, 64) or 1
        a = Arg(a.value * factor, a.value * factor)
        b = Arg(b.value * factor, b.value * factor)

    def outcome():
        return equal_to(math.gcd(converted(a, "gcd", "a"), converted(b, "gcd", "b")))
    run(f"gcd({a}, {b}) [{policy}]", lambda: gilsweep.kernel("gcd", policy)(a.obj, b.obj), outcome)


def op_is_prime(fdp, policy):
    n = make_arg(fdp)
    run(f"is_prime({n}) [{policy}]", lambda: gilsweep.kernel("is_prime", policy)(n.obj),
        lambda: equal_to(is_prime_ref(converted(n, "is_prime", "n"))))


def next_prime_checker(value):
    def check(result):
        assert type(result) is int, f"got {result!r}"
        if value < 2:
            assert result == 2, f"next_prime({value}) = {result}"
            return
        assert result > value and is_prime_ref(result), f"next_prime({value}) = {result}"
        if value.bit_length() <= 160:
            for m in range(value + 1, result):
                assert not is_prime_ref(m), f"next_prime({value}) = {result} skips {m}"
    return check


def op_next_prime(fdp, policy):
    n = make_arg(fdp)
    run(f"next_prime({n}) [{policy}]", lambda: gilsweep.kernel("next_prime", policy)(n.obj),
        lambda: next_prime_checker(converted(n, "next_prime", "n")))


def op_count_primes(fdp, policy):
    lo = make_arg(fdp, 9)
    near = fdp.ConsumeIntInRange(0, 2)
    if near and lo.error is None:  # hi close to lo, so some valid calls are cheap
        hi_value = lo.value + fdp.ConsumeIntInRange(-50, 2000 if near == 1 else 200)
        hi = Arg(hi_value, hi_value)
    else:
        hi = make_arg(fdp, 9)

    def outcome():
        lo_value = u64(lo, "count_primes", "lo")
        hi_value = u64(hi, "count_primes", "hi")
        if lo_value > hi_value:
            raise Expected(ValueError, f"count_primes() needs lo <= hi, got lo={lo_value} hi={hi_value}")
        if hi_value <= SIEVE_LIMIT or (hi_value - lo_value <= 300 and hi_value < 2**40):
            return equal_to(count_ref(lo_value, hi_value))
        raise Skip
    run(f"count_primes({lo}, {hi}) [{policy}]", lambda: gilsweep.kernel("count_primes", policy)(lo.obj, hi.obj),
        outcome)


def op_first_primes(fdp, policy):
    k = make_arg(fdp, 9)

    def outcome():
        value = u64(k, "first_primes", "k")
        if value > (2**63 - 1) // 8:
            raise Expected(OverflowError, "first_primes() argument 'k' is too large")
        if value <= 5000:
            return equal_to(PRIMES[:value])
        raise Skip
    run(f"first_primes({k}) [{policy}]", lambda: gilsweep.kernel("first_primes", policy)(k.obj), outcome)


def op_churn(fdp, policy):
    n = make_arg(fdp, 9)

    def outcome():
        value = work(n, "churn", "n")
        if value <= 100_000:
            return equal_to(None)
        raise Skip
    run(f"churn({n}) [{policy}]", lambda: gilsweep.kernel("churn", policy)(n.obj), outcome)


def make_items(fdp, max_bytes):
    """A list of Args, sometimes all in 64 bits (then also passed as an array)."""
    return [make_arg(fdp, max_bytes) for _ in range(fdp.ConsumeIntInRange(0, 12))]


def items_outcome(function, argument, items):
    """The item values, or Expected of the first bad item's error."""
    values = []
    for i, item in enumerate(items):
        if item.error is not None:
            raise Expected(item.error, f"{function}(): item {i}" if item.error is TypeError else None)
        values.append(item.value)
    return values


def as_array(items, fdp):
    """The items as array('q') or array('Q') when they all fit, else None."""
    if any(item.error is not None for item in items):
        return None
    values = [item.value for item in items]
    if fdp.ConsumeBool() and all(-2**63 <= v < 2**63 for v in values):
        return array.array("q", values)
    if all(0 <= v < U64 for v in values):
        return array.array("Q", values)
    return None


def op_is_prime_many(fdp, policy):
    items = make_items(fdp, 64)
    buffer = as_array(items, fdp) if fdp.ConsumeBool() else None
    call = gilsweep.kernel("is_prime_many", policy)

    def outcome():
        want = [is_prime_ref(v) for v in items_outcome("is_prime_many", None, items)]
        if buffer is None:
            return equal_to(want)

        def check(result):
            assert isinstance(result, array.array) and result.typecode == "B", repr(result)
            assert list(result) == [int(w) for w in want], f"{list(result)} != {want}"
        return check
    run(f"is_prime_many({buffer if buffer is not None else items}) [{policy}]",
        lambda: call(buffer if buffer is not None else [item.obj for item in items]), outcome)


def op_next_prime_many(fdp, policy):
    items = make_items(fdp, 24)
    buffer = as_array(items, fdp) if fdp.ConsumeBool() else None
    call = gilsweep.kernel("next_prime_many", policy)

    def outcome():
        values = items_outcome("next_prime_many", None, items)
        checks = [next_prime_checker(v) for v in values]
        if buffer is not None:
            for i, v in enumerate(values):
                if v >= LARGEST_U64_PRIME:
                    raise Expected(OverflowError, f"the next prime after item {i} ")

        def check(result):
            if buffer is not None:
                assert isinstance(result, array.array) and result.typecode == "Q", repr(result)
            else:
                assert type(result) is list, repr(result)
            assert len(result) == len(values), f"{len(result)} answers for {len(values)} items"
            for item_check, answer in zip(checks, result):
                item_check(int(answer))
        return check
    run(f"next_prime_many({buffer if buffer is not None else items}) [{policy}]",
        lambda: call(buffer if buffer is not None else [item.obj for item in items]), outcome)


def op_gcd_many(fdp, policy):
    a = make_items(fdp, 40)
    b = make_items(fdp, 40) if fdp.ConsumeIntInRange(0, 3) == 0 else [make_arg(fdp, 40) for _ in a]
    a_buffer = as_array(a, fdp) if fdp.ConsumeBool() else None
    b_buffer = as_array(b, fdp) if fdp.ConsumeBool() else None
    call = gilsweep.kernel("gcd_many", policy)

    def outcome():
        a_values = items_outcome("gcd_many", "a", a) if a_buffer is None else [item.value for item in a]
        b_values = items_outcome("gcd_many", "b", b) if b_buffer is None else [item.value for item in b]
        if len(a_values) != len(b_values):
            raise Expected(ValueError, f"gcd_many(): a has {len(a_values)} items but b has {len(b_values)}")
        want = [math.gcd(x, y) for x, y in zip(a_values, b_values)]

        def check(result):
            if a_buffer is not None and b_buffer is not None:
                assert isinstance(result, array.array) and result.typecode == "Q", repr(result)
                assert list(result) == want, f"{list(result)} != {want}"
            else:
                equal_to(want)(result)
        return check
    run(f"gcd_many({a_buffer or a}, {b_buffer or b}) [{policy}]",
        lambda: call(a_buffer if a_buffer is not None else [item.obj for item in a],
                     b_buffer if b_buffer is not None else [item.obj for item in b]), outcome)


def op_threshold(fdp, policy):
    name = gilsweep.KERNELS[fdp.ConsumeIntInRange(0, len(gilsweep.KERNELS) - 1)]
    if fdp.ConsumeIntInRange(0, 7) == 0:
        name = fdp.ConsumeUnicodeNoSurrogates(12)  # NUL included: "gcd\0x" is not "gcd"
    value = make_arg(fdp, 9)
    before = gilsweep.release_threshold(name) if name in gilsweep.KERNELS else None

    def outcome():
        if name not in gilsweep.KERNELS:
            raise Expected(ValueError, "unknown kernel")
        want = work(value, "set_release_threshold", "value")  # stored as set, never clamped

        def check(result):
            assert result is None, repr(result)
            assert gilsweep.release_threshold(name) == want, f"{gilsweep.release_threshold(name)} != {want}"
        return check
    try:
        run(f"set_release_threshold({name!r}, {value})", lambda: gilsweep.set_release_threshold(name, value.obj),
            outcome)
    finally:
        if before is not None:
            gilsweep.set_release_threshold(name, before)


OPS = [op_gcd, op_gcd, op_is_prime, op_next_prime, op_count_primes, op_first_primes, op_churn,
       op_is_prime_many, op_next_prime_many, op_gcd_many, op_threshold]


def test_one_input(data):
    fdp = atheris.FuzzedDataProvider(data)
    op = OPS[fdp.ConsumeIntInRange(0, len(OPS) - 1)]
    policy = gilsweep.POLICIES[fdp.ConsumeIntInRange(0, 2)]
    op(fdp, policy)


if __name__ == "__main__":
    # The harness's own branches (which error, which reference) guide the fuzzer
    # too: gilsweep's Python modules are instrumented at import, these here.
    for _function in [f for f in list(globals().values()) if isinstance(f, types.FunctionType)]:
        if _function.__module__ == __name__:
            atheris.instrument_func(_function)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
