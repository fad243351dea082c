"""gilsweep: how much work must a native call do before threads pay off?

The C kernels (CSupport) through a SWIG extension. Each public function is the
SWIG-generated callable of the "auto" GIL policy, no Python wrapper between;
kernel(name, gil) gives any policy's. The batch kernels (*_many) take lists or
64-bit buffers and release the GIL once per batch (docs/api.md, docs/batch.md)."""
import sys as _sys
import sysconfig as _sysconfig

from . import _kernels
from . import kernels as _proxy  # noqa: F401  (SWIG's proxy module: it loads gilsweep._kernels)
from ._batch import CALLABLES as _BATCH
from ._kernels import (  # noqa: F401  (re-exported)
    churn_auto as churn,
)
from ._kernels import (
    count_primes_auto as count_primes,
)
from ._kernels import (
    first_primes_auto as first_primes,
)
from ._kernels import (
    gcd_auto as gcd,
)
from ._kernels import (
    is_prime_auto as is_prime,
)
from ._kernels import (
    next_prime_auto as next_prime,
)

is_prime_many = _BATCH[("is_prime_many", "auto")]
next_prime_many = _BATCH[("next_prime_many", "auto")]
gcd_many = _BATCH[("gcd_many", "auto")]

__all__ = [
    "KERNELS", "POLICIES", "churn", "gcd", "is_prime", "next_prime", "first_primes",
    "count_primes", "is_prime_many", "next_prime_many", "gcd_many", "kernel", "release_threshold",
    "set_release_threshold", "free_threaded_build", "gil_enabled",
]

#: The kernels, by their Python names (bindings/kernel_list.h, the one list).
KERNELS = _kernels.kernel_names()
#: The GIL policies: keep it, release it around every call, or release it only
#: when a call's work is at or above the kernel's release threshold.
POLICIES = ("hold", "release", "auto")


def kernel(name, gil="auto"):
    """Return the raw SWIG-generated callable for kernel ``name`` under GIL policy ``gil``.

    ``name`` is one of KERNELS, ``gil`` one of "hold", "release", "auto". The
    object returned is the extension's own function, so timing it measures the
    C call and SWIG's argument handling and nothing else.
    """
    for argument, value in (("name", name), ("gil", gil)):
        if not isinstance(value, str):  # as release_threshold(None) does
            raise TypeError(f"kernel() argument '{argument}' must be a str, not {type(value).__name__}")
    if name not in KERNELS:
        raise ValueError(f"unknown kernel {name!r}; valid kernels: {', '.join(KERNELS)}")
    if gil not in POLICIES:
        raise ValueError(f"unknown GIL policy {gil!r}; valid policies: {', '.join(POLICIES)}")
    return _BATCH.get((name, gil)) or getattr(_kernels, f"{name}_{gil}")


def release_threshold(name):
    """The work at or above which kernel ``name`` releases the GIL under the "auto" policy.

    Units: churn iterations; operand bits for gcd, is_prime and next_prime; k
    for first_primes; the range length hi - lo for count_primes; items for
    the batch kernels.
    """
    return _kernels.release_threshold(name)


def set_release_threshold(name, value):
    """Set the "auto" policy's work threshold of kernel ``name`` (a non-negative int).

    0 makes "auto" always release; a huge value makes it always hold. The
    setting is process-wide and takes effect for the next call.
    """
    _kernels.set_release_threshold(name, value)


def free_threaded_build():
    """True when this interpreter is a free-threaded build (PEP 703: 3.13t and later), whether or not its GIL is on now.

    Such builds define Py_GIL_DISABLED in their build configuration.
    """
    return bool(_sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled():
    """True when the GIL is on in this process now: always on a GIL build.

    A free-threaded build can run with the GIL on (PYTHON_GIL=1, -X gil=1, or
    on importing an extension that does not declare itself free-threading
    safe): sys._is_gil_enabled() (3.13 and later) says so. The one place the
    suite and the sweep ask.
    """
    is_gil_enabled = getattr(_sys, "_is_gil_enabled", None)
    return True if is_gil_enabled is None else bool(is_gil_enabled())
