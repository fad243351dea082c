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
 * knees measured by `make sweep` on the development machine (README, "The auto
 * policy's thresholds"): the smallest work at which two threads under
 * "release" beat two threads under "hold". */
#ifndef GILSWEEP_KERNEL_LIST_H
#define GILSWEEP_KERNEL_LIST_H

#define GILSWEEP_KERNELS(X)                                                                              \
    /* ~0.9 µs; release 1.58x vs hold 0.98x there, 0.84x vs 1.00x at 1000 */                           \
    X(churn, (PyObject *n), (n), 3000,                                                                   \
      "churn(n) -> None. Spin n times in C: Beazley's `while (n > 0) n--;`.")                            \
    /* operand bits, ~2 µs; release 1.40x vs hold 0.96x, break-even at 256 */                          \
    X(gcd, (PyObject *a, PyObject *b), (a, b), 512,                                                      \
      "gcd(a, b) -> int. Greatest common divisor of two ints of any size and sign, never negative.")    \
    /* not swept; 64-bit calls take < 1 µs, GMP's test above takes microseconds */                     \
    X(is_prime, (PyObject *n), (n), 128,                                                                 \
      "is_prime(n) -> bool. Exact below 2**64 (Baillie-PSW); GMP's probable-prime test (25 rounds) above.") \
    /* not swept; as is_prime */                                                                         \
    X(next_prime, (PyObject *n), (n), 128,                                                               \
      "next_prime(n) -> int. The smallest prime greater than n; a probable prime above 2**64.")         \
    /* not swept; first_primes(2000) takes ~24 µs, mostly the list */                                  \
    X(first_primes, (PyObject *k), (k), 2000,                                                            \
      "first_primes(k) -> list[int]. The first k primes, from a segmented sieve.")                      \
    /* ~1.3 µs; release 1.28x vs hold 0.99x, break-even at 1000 */                                      \
    X(count_primes, (PyObject *lo, PyObject *hi), (lo, hi), 10000,                                       \
      "count_primes(lo, hi) -> int. The number of primes p with lo <= p < hi, 0 <= lo <= hi < 2**64.")  \
    /* items; primes-batch sweep: release 1.68x vs hold 0.99x at 4 (2.7 µs), 0.77x at 1 */             \
    X(is_prime_many, (PyObject *values), (values), 4,                                                    \
      "is_prime_many(values) -> raw answers. is_prime of every item, one call (see gilsweep.is_prime_many).") \
    /* items; one 64-bit next prime takes several µs */                                                 \
    X(next_prime_many, (PyObject *values), (values), 1,                                                  \
      "next_prime_many(values) -> raw answers. next_prime of every item, one call (see gilsweep.next_prime_many).") \
    /* item pairs; gcd-batch sweep: release 1.58x vs hold 0.98x at 64 (2.2 µs), 0.75x at 16 */          \
    X(gcd_many, (PyObject *a, PyObject *b), (a, b), 64,                                                  \
      "gcd_many(a, b) -> raw answers. gcd of every pair, one call (see gilsweep.gcd_many).")

#endif /* GILSWEEP_KERNEL_LIST_H */
