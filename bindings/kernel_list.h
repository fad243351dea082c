/* kernel_list.h — every kernel the extension offers, listed once.
 *
 * An X-macro: GILSWEEP_KERNELS(X) calls X once per kernel with
 *   NAME       the Python name (NAME_hold, NAME_release, NAME_auto are the callables,
 *              NAME_under(policy, ...) the C function behind them);
 *   PARAMS     the C parameters of the callables, in parentheses;
 *   ARGS       the same names as arguments, in parentheses;
 *   THRESHOLD  the default work at or above which NAME_auto releases the GIL;
 *   DOC        the docstring, to which each callable adds its policy.
 * kernels.i expands it into the callables (SWIG's preprocessor reads it), and
 * helpers.h/helpers.c into the kernel enum, the names and the thresholds, so
 * adding a kernel is one entry here plus its NAME_under.
 *
 * Thresholds are in each kernel's own work unit: churn iterations; operand bits
 * for gcd, is_prime and next_prime; k for first_primes; the range length
 * hi - lo for count_primes; items for the batch kernels. The defaults are the
 * knees measured by `make sweep` on the development machine: the smallest work
 * at which two threads under "release" beat two threads under "hold". The
 * figures behind each are in docs/thresholds.md, not here, so they cannot drift. */
#ifndef GILSWEEP_KERNEL_LIST_H
#define GILSWEEP_KERNEL_LIST_H

#define GILSWEEP_KERNELS(X)                                                                              \
    /* iterations: the churn sweep's knee (docs/thresholds.md) */                                      \
    X(churn, (PyObject *n), (n), 3000,                                                                   \
      "churn(n) -> None. Spin n times in C: Beazley's `while (n > 0) n--;`.")                            \
    /* operand bits: the gcd sweep's knee (docs/thresholds.md) */                                      \
    X(gcd, (PyObject *a, PyObject *b), (a, b), 512,                                                      \
      "gcd(a, b) -> int. Greatest common divisor of two ints of any size and sign, never negative.")    \
    /* operand bits; not swept: only GMP's test, above 64 bits, is long enough */                      \
    X(is_prime, (PyObject *n), (n), 128,                                                                 \
      "is_prime(n) -> bool. Exact below 2**64 (Baillie-PSW); GMP's probable-prime test (25 rounds) above.") \
    /* not swept; as is_prime */                                                                         \
    X(next_prime, (PyObject *n), (n), 128,                                                               \
      "next_prime(n) -> int. The smallest prime greater than n; a probable prime above 2**64.")         \
    /* k; not swept (docs/thresholds.md) */                                                            \
    X(first_primes, (PyObject *k), (k), 2000,                                                            \
      "first_primes(k) -> list[int]. The first k primes, from a segmented sieve.")                      \
    /* range length: the primes sweep's knee (docs/thresholds.md) */                                      \
    X(count_primes, (PyObject *lo, PyObject *hi), (lo, hi), 10000,                                       \
      "count_primes(lo, hi) -> int. The number of primes p with lo <= p < hi, 0 <= lo <= hi < 2**64.")  \
    /* items: the primes-batch sweep's knee (docs/thresholds.md) */                                    \
    X(is_prime_many, (PyObject *values), (values), 4,                                                    \
      "is_prime_many(values) -> raw answers. is_prime of every item, one call (see gilsweep.is_prime_many).") \
    /* items; not swept: one 64-bit next prime is long enough */                                                 \
    X(next_prime_many, (PyObject *values), (values), 1,                                                  \
      "next_prime_many(values) -> raw answers. next_prime of every item, one call (see gilsweep.next_prime_many).") \
    /* item pairs: the gcd-batch sweep's knee (docs/thresholds.md) */                                   \
    X(gcd_many, (PyObject *a, PyObject *b), (a, b), 64,                                                  \
      "gcd_many(a, b) -> raw answers. gcd of every pair, one call (see gilsweep.gcd_many).")

#endif /* GILSWEEP_KERNEL_LIST_H */
