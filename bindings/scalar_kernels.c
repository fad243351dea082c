/* scalar_kernels.c — the C function behind each one-value kernel's callables:
 * NAME_under(policy, ...) converts the Python arguments with the GIL held,
 * runs the CSupport kernel under the policy (RUN_KERNEL) and converts the
 * answer back. kernels.i wraps each three times (hold, release, auto). */
#include "helpers.h"

/* ------------------------------------------------------------------ churn */

PyObject *churn_under(gil_policy policy, PyObject *n_obj) {
    long long n;
    if (as_work(n_obj, "churn", "n", &n) < 0) return NULL;
    RUN_KERNEL(policy, KERNEL_churn, n, gs_churn(n));
    Py_RETURN_NONE;
}

/* -------------------------------------------------------------------- gcd */

static PyObject *big_gcd(gil_policy policy, PyObject *a, PyObject *b) {
    gs_bigint *x = bigint_from_int(a), *y = x ? bigint_from_int(b) : NULL;
    PyObject *result = NULL;
    if (x && y) {
        size_t bits_a = bit_length(a), bits_b = bit_length(b);
        long long bits = (long long)(bits_a > bits_b ? bits_a : bits_b);
        RUN_KERNEL(policy, KERNEL_gcd, bits, gs_bigint_gcd(x, x, y));
        result = int_from_bigint(x);
    }
    gs_bigint_destroy(x);
    gs_bigint_destroy(y);
    return result;
}

PyObject *gcd_under(gil_policy policy, PyObject *a_obj, PyObject *b_obj) {
    PyObject *a = as_int(a_obj, "gcd", "a");
    if (!a) return NULL;
    PyObject *b = as_int(b_obj, "gcd", "b");
    if (!b) {
        Py_DECREF(a);
        return NULL;
    }
    uint64_t x, y;
    PyObject *result;
    /* The binary gcd takes every magnitude below 2**64, as ctypes and Swift
       do, so the sweep times one algorithm in every runtime at 64 bits. */
    if (magnitude_u64(a, &x) && magnitude_u64(b, &y)) {
        uint64_t g;
        RUN_KERNEL(policy, KERNEL_gcd, 64, g = gs_gcd_u64(x, y));
        result = PyLong_FromUnsignedLongLong(g);
    } else {
        result = big_gcd(policy, a, b);
    }
    Py_DECREF(a);
    Py_DECREF(b);
    return result;
}

/* ------------------------------------------------------ is_prime, next_prime */

PyObject *is_prime_under(gil_policy policy, PyObject *n_obj) {
    PyObject *n = as_int(n_obj, "is_prime", "n");
    if (!n) return NULL;
    PyObject *result = NULL;
    int overflow = 0;
    if (compat_long_sign(n) <= 0) {
        result = Py_False; /* 0 and negative numbers are not prime */
        Py_INCREF(result);
    } else {
        unsigned long long v = PyLong_AsUnsignedLongLong(n);
        if (!(v == (unsigned long long)-1 && PyErr_Occurred())) {
            int answer;
            RUN_KERNEL(policy, KERNEL_is_prime, 64, answer = gs_is_prime_u64(v));
            result = PyBool_FromLong(answer);
        } else {
            PyErr_Clear();
            overflow = 1;
        }
    }
    if (overflow) { /* above 2^64: GMP's Baillie-PSW plus Miller-Rabin rounds */
        gs_bigint *x = bigint_from_int(n);
        if (x) {
            int answer = 0;
            RUN_KERNEL(policy, KERNEL_is_prime, (long long)bit_length(n),
                       gs_bigint_probab_prime(x, 25, &answer));
            result = PyBool_FromLong(answer != 0);
            gs_bigint_destroy(x);
        }
    }
    Py_DECREF(n);
    return result;
}

PyObject *next_prime_under(gil_policy policy, PyObject *n_obj) {
    PyObject *n = as_int(n_obj, "next_prime", "n");
    if (!n) return NULL;
    PyObject *result = NULL;
    if (compat_long_sign(n) < 0) {
        result = PyLong_FromLong(2);
    } else {
        unsigned long long v = PyLong_AsUnsignedLongLong(n);
        gs_status status = GS_OUT_OF_RANGE;
        uint64_t next = 0;
        if (v == (unsigned long long)-1 && PyErr_Occurred()) {
            PyErr_Clear();
        } else {
            RUN_KERNEL(policy, KERNEL_next_prime, 64, status = gs_next_prime_u64(v, &next));
        }
        if (status == GS_OK) {
            result = PyLong_FromUnsignedLongLong(next);
        } else { /* no 64-bit answer: GMP's mpz_nextprime */
            gs_bigint *x = bigint_from_int(n);
            if (x) {
                RUN_KERNEL(policy, KERNEL_next_prime, (long long)bit_length(n),
                           gs_bigint_next_prime(x, x));
                result = int_from_bigint(x);
                gs_bigint_destroy(x);
            }
        }
    }
    Py_DECREF(n);
    return result;
}

/* ----------------------------------------------------------- first_primes */

PyObject *first_primes_under(gil_policy policy, PyObject *k_obj) {
    uint64_t k;
    if (as_u64(k_obj, "first_primes", "k", &k) < 0) return NULL;
    if (k > (uint64_t)PY_SSIZE_T_MAX / sizeof(uint64_t)) {
        PyErr_Format(PyExc_OverflowError, "first_primes() argument 'k' is too large: %llu",
                     (unsigned long long)k);
        return NULL;
    }
    uint64_t *primes = k ? PyMem_RawMalloc(k * sizeof *primes) : NULL;
    if (k && !primes) {
        PyErr_Format(PyExc_MemoryError, "first_primes() cannot hold %llu primes in memory", (unsigned long long)k);
        return NULL;
    }
    gs_status status;
    RUN_KERNEL(policy, KERNEL_first_primes, (long long)k, status = gs_first_primes(k, primes));
    PyObject *list = status == GS_OK ? PyList_New((Py_ssize_t)k) : status_error("first_primes", status);
    for (uint64_t i = 0; list && i < k; i++) {
        PyObject *item = PyLong_FromUnsignedLongLong(primes[i]);
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    PyMem_RawFree(primes);
    if (!list && status == GS_OK && PyErr_ExceptionMatches(PyExc_MemoryError)) { /* a bare one from the list */
        PyErr_Clear();
        PyErr_Format(PyExc_MemoryError, "first_primes() found %llu primes but cannot hold them as a list of ints",
                     (unsigned long long)k);
    }
    return list;
}

/* ----------------------------------------------------------- count_primes */

PyObject *count_primes_under(gil_policy policy, PyObject *lo_obj, PyObject *hi_obj) {
    uint64_t lo, hi;
    if (as_u64(lo_obj, "count_primes", "lo", &lo) < 0) return NULL;
    if (as_u64(hi_obj, "count_primes", "hi", &hi) < 0) return NULL;
    if (lo > hi) {
        PyErr_Format(PyExc_ValueError, "count_primes() needs lo <= hi, got lo=%llu hi=%llu",
                     (unsigned long long)lo, (unsigned long long)hi);
        return NULL;
    }
    uint64_t count = 0;
    gs_status status;
    /* Long calls only (a sigaction pair costs about a microsecond): wide
     * ranges, and any range high enough that its base primes take
     * milliseconds (near 2^64, seconds, however short the range). */
    const int *cancel = interrupt_begin(hi - lo >= 10000000 || hi >= (1ULL << 40));
    RUN_KERNEL(policy, KERNEL_count_primes, (long long)(hi - lo > (uint64_t)LLONG_MAX ? LLONG_MAX : hi - lo),
               status = gs_count_primes(lo, hi, cancel, &count));
    interrupt_end(cancel);
    if (status == GS_CANCELLED) return interrupted("count_primes");
    if (status != GS_OK) return status_error("count_primes", status);
    return PyLong_FromUnsignedLongLong(count);
}
