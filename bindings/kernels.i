/* kernels.i — the SWIG interface from Python to the CSupport kernels.
 *
 * Every kernel is wrapped three times, one callable per GIL policy:
 *   NAME_hold     keeps the GIL during the C call (what SWIG does without -threads);
 *   NAME_release  releases it around every C call (Py_BEGIN_ALLOW_THREADS);
 *   NAME_auto     releases it only when the call's work is at or above a
 *                 per-kernel threshold, as CPython's hashlib does for buffers
 *                 of 2048 bytes or more.
 * The sweep times these SWIG-generated callables directly.
 *
 * Why by hand and not with SWIG's -threads: the wrappers accept Python ints of
 * any size, so they must touch Python objects (with the GIL) before and after
 * the kernel; only the kernel itself may run without the GIL.
 *
 * Errors are Python's: TypeError for non-integers (objects with __index__ are
 * accepted, as math.gcd does), ValueError for invalid ranges and negative
 * counts, OverflowError for values a kernel cannot represent. Messages name the
 * Python function and argument, never a C type. */
%module(package="gilsweep", moduledoc="The SWIG-generated layer of gilsweep: each kernel under three GIL policies.") kernels

%{
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <signal.h>
#include <string.h>
#include "CSupport.h"
#include "pycompat.h" /* the only place that knows CPython versions */
%}

/* PyObject* in and out, untouched: the helpers below do all conversion. */
%typemap(in) PyObject * "$1 = $input;"
%typemap(out) PyObject * "$result = $1;"

%{
typedef enum { GIL_HOLD, GIL_RELEASE, GIL_AUTO } gil_policy;

/* Work units for the auto policy, one per kernel (see work_threshold). */
enum {
    KERNEL_CHURN, KERNEL_GCD, KERNEL_IS_PRIME, KERNEL_NEXT_PRIME, KERNEL_FIRST_PRIMES,
    KERNEL_COUNT_PRIMES, KERNEL_IS_PRIME_MANY, KERNEL_NEXT_PRIME_MANY, KERNEL_GCD_MANY, KERNEL_COUNT
};
static const char *const kernel_names[KERNEL_COUNT] = {
    "churn", "gcd", "is_prime", "next_prime", "first_primes", "count_primes",
    "is_prime_many", "next_prime_many", "gcd_many"};

/* Auto-policy thresholds, in each kernel's own work unit: churn iterations;
 * operand bits for gcd, is_prime and next_prime; k for first_primes; the range
 * length hi - lo for count_primes; items for the batch kernels. Read and written only with the GIL held.
 * The defaults are the knees measured by `make sweep` on the development
 * machine (README, "The auto policy's thresholds"): the smallest work at which
 * two threads under "release" beat two threads under "hold". */
static long long work_threshold[KERNEL_COUNT] = {
    3000,  /* churn: ~0.9 µs; release 1.58x vs hold 0.98x there, 0.84x vs 1.00x at 1000 */
    512,   /* gcd: operand bits, ~2 µs; release 1.40x vs hold 0.96x, break-even at 256 */
    128,   /* is_prime: not swept; 64-bit calls take < 1 µs, GMP's test above takes microseconds */
    128,   /* next_prime: not swept; as is_prime */
    2000,  /* first_primes: not swept; first_primes(2000) takes ~24 µs, mostly the list */
    10000, /* count_primes: ~1.3 µs; release 1.28x vs hold 0.99x, break-even at 1000 */
    4,     /* is_prime_many: items; primes-batch sweep: release 1.68x vs hold 0.99x at 4 (2.7 µs), 0.77x at 1 */
    1,     /* next_prime_many: items; one 64-bit next prime takes several µs */
    64,    /* gcd_many: item pairs; gcd-batch sweep: release 1.58x vs hold 0.98x at 64 (2.2 µs), 0.75x at 16 */
};

static int releases(gil_policy policy, int kernel, long long work) {
    return policy == GIL_RELEASE || (policy == GIL_AUTO && work >= work_threshold[kernel]);
}

/* Runs STATEMENT without the GIL when the policy says so. */
#define RUN_KERNEL(policy, kernel, work, STATEMENT)   \
    do {                                             \
        if (releases(policy, kernel, work)) {        \
            Py_BEGIN_ALLOW_THREADS STATEMENT;        \
            Py_END_ALLOW_THREADS                     \
        } else {                                     \
            STATEMENT;                               \
        }                                            \
    } while (0)

/* ------------------------------------------------------- argument parsing */

/* A new reference to the int value of obj, or NULL with TypeError. */
static PyObject *as_int(PyObject *obj, const char *function, const char *argument) {
    if (PyLong_Check(obj)) {
        Py_INCREF(obj);
        return obj;
    }
    if (!PyIndex_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be an int, not %.200s",
                     function, argument, Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PyNumber_Index(obj);
}

/* A non-negative integer argument that must fit 64 bits. */
static int as_u64(PyObject *obj, const char *function, const char *argument, uint64_t *out) {
    PyObject *value = as_int(obj, function, argument);
    if (!value) return -1;
    if (compat_long_sign(value) < 0) {
        PyErr_Format(PyExc_ValueError, "%s() argument '%s' must not be negative, got %S",
                     function, argument, value);
        Py_DECREF(value);
        return -1;
    }
    unsigned long long v = PyLong_AsUnsignedLongLong(value);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_Format(PyExc_OverflowError, "%s() argument '%s' must be below 2**64, got %S",
                     function, argument, value);
        Py_DECREF(value);
        return -1;
    }
    Py_DECREF(value);
    *out = v;
    return 0;
}

/* ------------------------------------------- big integers across the boundary */

/* Python ints cross as little-endian magnitude bytes (pycompat.h), never as
 * decimal text. */

/* Bits of |v|; cannot fail for an int. */
static size_t bit_length(PyObject *v) { return compat_long_num_bits(v); }

/* A new gs_bigint equal to the int v, or NULL with an exception set. */
static gs_bigint *bigint_from_int(PyObject *v) {
    int negative = compat_long_sign(v) < 0;
    PyObject *magnitude = negative ? PyNumber_Negative(v) : (Py_INCREF(v), v);
    if (!magnitude) return NULL;
    size_t n = (bit_length(magnitude) + 7) / 8;
    unsigned char small[64], *buf = n <= sizeof small ? small : PyMem_Malloc(n);
    gs_bigint *x = NULL;
    if (!buf) {
        PyErr_NoMemory();
    } else if (n > 0 && compat_long_to_le_bytes(magnitude, buf, n) < 0) {
        /* cannot happen: n bytes always hold the magnitude */
    } else if (gs_bigint_create(&x) != GS_OK) {
        PyErr_NoMemory();
    } else {
        gs_bigint_set_bytes(x, buf, n, 0, negative);
    }
    if (buf && buf != small) PyMem_Free(buf);
    Py_DECREF(magnitude);
    return x;
}

/* A new int equal to x, or NULL with an exception set. */
static PyObject *int_from_bigint(const gs_bigint *x) {
    size_t n = gs_bigint_byte_length(x), len = 0;
    int negative = 0;
    unsigned char small[64], *buf = n <= sizeof small ? small : PyMem_Malloc(n);
    if (!buf) return PyErr_NoMemory();
    gs_bigint_get_bytes(x, buf, n, 0, &len, &negative);
    PyObject *result = compat_long_from_le_bytes(buf, len);
    if (buf != small) PyMem_Free(buf);
    if (result && negative) {
        PyObject *negated = PyNumber_Negative(result);
        Py_DECREF(result);
        result = negated;
    }
    return result;
}

static PyObject *status_error(const char *function, gs_status status) {
    PyObject *type = status == GS_OUT_OF_MEMORY ? PyExc_MemoryError
                   : status == GS_OUT_OF_RANGE  ? PyExc_OverflowError
                                                : PyExc_ValueError;
    PyErr_Format(type, "%s(): %s", function, gs_status_message(status));
    return NULL;
}

/* ------------------------------------------------------------------ churn */

static PyObject *py_churn(PyObject *n_obj, gil_policy policy) {
    PyObject *value = as_int(n_obj, "churn", "n");
    if (!value) return NULL;
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow > 0) {
        PyErr_Format(PyExc_OverflowError, "churn() argument 'n' must be below 2**63, got %S", value);
    } else if (overflow < 0 || n < 0) {
        PyErr_Format(PyExc_ValueError, "churn() argument 'n' must not be negative, got %S", value);
    }
    Py_DECREF(value);
    if (PyErr_Occurred()) return NULL;
    RUN_KERNEL(policy, KERNEL_CHURN, n, gs_churn(n));
    Py_RETURN_NONE;
}

/* -------------------------------------------------------------------- gcd */

static PyObject *big_gcd(PyObject *a, PyObject *b, gil_policy policy) {
    gs_bigint *x = bigint_from_int(a), *y = x ? bigint_from_int(b) : NULL;
    PyObject *result = NULL;
    if (x && y) {
        size_t bits_a = bit_length(a), bits_b = bit_length(b);
        long long bits = (long long)(bits_a > bits_b ? bits_a : bits_b);
        RUN_KERNEL(policy, KERNEL_GCD, bits, gs_bigint_gcd(x, x, y));
        result = int_from_bigint(x);
    }
    gs_bigint_destroy(x);
    gs_bigint_destroy(y);
    return result;
}

/* |v| into *out when it is below 2**64 (returns 1); 0 when it is larger. */
static int magnitude_u64(PyObject *v, uint64_t *out) {
    int overflow = 0;
    long long small = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (!overflow) {
        *out = small < 0 ? 0 - (uint64_t)small : (uint64_t)small;
        return 1;
    }
    if (bit_length(v) > 64) return 0;
    PyObject *magnitude = PyNumber_Absolute(v);
    if (!magnitude) {
        PyErr_Clear();
        return 0;
    }
    *out = PyLong_AsUnsignedLongLong(magnitude);
    Py_DECREF(magnitude);
    return 1;
}

static PyObject *py_gcd(PyObject *a_obj, PyObject *b_obj, gil_policy policy) {
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
        RUN_KERNEL(policy, KERNEL_GCD, 64, g = gs_gcd_u64(x, y));
        result = PyLong_FromUnsignedLongLong(g);
    } else {
        result = big_gcd(a, b, policy);
    }
    Py_DECREF(a);
    Py_DECREF(b);
    return result;
}

/* ------------------------------------------------------ is_prime, next_prime */

static PyObject *py_is_prime(PyObject *n_obj, gil_policy policy) {
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
            RUN_KERNEL(policy, KERNEL_IS_PRIME, 64, answer = gs_is_prime_u64(v));
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
            RUN_KERNEL(policy, KERNEL_IS_PRIME, (long long)bit_length(n),
                       gs_bigint_probab_prime(x, 25, &answer));
            result = PyBool_FromLong(answer != 0);
            gs_bigint_destroy(x);
        }
    }
    Py_DECREF(n);
    return result;
}

static PyObject *py_next_prime(PyObject *n_obj, gil_policy policy) {
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
            RUN_KERNEL(policy, KERNEL_NEXT_PRIME, 64, status = gs_next_prime_u64(v, &next));
        }
        if (status == GS_OK) {
            result = PyLong_FromUnsignedLongLong(next);
        } else { /* no 64-bit answer: GMP's mpz_nextprime */
            gs_bigint *x = bigint_from_int(n);
            if (x) {
                RUN_KERNEL(policy, KERNEL_NEXT_PRIME, (long long)bit_length(n),
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

static PyObject *py_first_primes(PyObject *k_obj, gil_policy policy) {
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
    RUN_KERNEL(policy, KERNEL_FIRST_PRIMES, (long long)k, status = gs_first_primes(k, primes));
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
    return list;
}

/* ----------------------------------------------------------- count_primes */

/* Ctrl-C during a long count: while the main thread sieves, SIGINT also raises
 * the sieve's cancellation flag, then runs Python's own handler, which marks
 * the signal for PyErr_CheckSignals. Only the main thread does this (Python
 * runs signal handlers there, and one handler at a time must be installed);
 * the flag and the saved handler are therefore single, not per call. */
static int main_thread_cancel;
static struct sigaction python_sigint;

static void on_sigint(int signum) {
    gs_cancel_flag_raise(&main_thread_cancel);
    if (python_sigint.sa_handler != SIG_DFL && python_sigint.sa_handler != SIG_IGN)
        python_sigint.sa_handler(signum);
}

/* For a long call: installs on_sigint when this is the main thread and Python
 * turns SIGINT into KeyboardInterrupt; returns the flag to hand the kernel, or
 * NULL (no cancellation). End with interrupt_end. */
static const int *interrupt_begin(int long_call) {
    if (!long_call || !compat_is_main_thread()) return NULL;
    gs_cancel_flag_clear(&main_thread_cancel);
    if (sigaction(SIGINT, NULL, &python_sigint) != 0 || python_sigint.sa_handler == SIG_DFL ||
        python_sigint.sa_handler == SIG_IGN || (python_sigint.sa_flags & SA_SIGINFO))
        return NULL; /* nobody would turn SIGINT into KeyboardInterrupt */
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_handler = on_sigint;
    sigemptyset(&ours.sa_mask);
    sigaction(SIGINT, &ours, NULL);
    return &main_thread_cancel;
}

static void interrupt_end(const int *cancel) {
    if (cancel) sigaction(SIGINT, &python_sigint, NULL);
}

/* The exception for a kernel that returned GS_CANCELLED. */
static PyObject *interrupted(const char *function) {
    if (PyErr_CheckSignals() < 0) return NULL; /* KeyboardInterrupt from Python's handler */
    PyErr_Format(PyExc_KeyboardInterrupt, "%s() was interrupted", function);
    return NULL;
}

static PyObject *py_count_primes(PyObject *lo_obj, PyObject *hi_obj, gil_policy policy) {
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
    RUN_KERNEL(policy, KERNEL_COUNT_PRIMES, (long long)(hi - lo > (uint64_t)LLONG_MAX ? LLONG_MAX : hi - lo),
               status = gs_count_primes(lo, hi, cancel, &count));
    interrupt_end(cancel);
    if (status == GS_CANCELLED) return interrupted("count_primes");
    if (status != GS_OK) return status_error("count_primes", status);
    return PyLong_FromUnsignedLongLong(count);
}

/* -------------------------------------------------------- the auto thresholds */

/* The index of the kernel a Python str names, or -1 with TypeError/ValueError. */
static int kernel_index(PyObject *name, const char *function) {
    const char *text = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (!text) {
        if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "%s() argument 'name' must be a str", function);
        return -1;
    }
    for (int i = 0; i < KERNEL_COUNT; i++)
        if (strcmp(text, kernel_names[i]) == 0) return i;
    PyErr_Format(PyExc_ValueError,
                 "unknown kernel '%s'; valid kernels: churn, gcd, is_prime, next_prime, "
                 "first_primes, count_primes, is_prime_many, next_prime_many, gcd_many", text);
    return -1;
}
%}

/* The raw callables, three per kernel. Their names are what gilsweep.kernel()
 * returns; the docstrings are what help() shows. */
%define GIL_VARIANTS(NAME, DOC)
%feature("docstring") NAME ## _hold DOC " (GIL held during the call.)";
%feature("docstring") NAME ## _release DOC " (GIL released around the call.)";
%feature("docstring") NAME ## _auto DOC " (GIL released when the work is at or above release_threshold.)";
%enddef

GIL_VARIANTS(churn, "churn(n) -> None. Spin n times in C: Beazley's `while (n > 0) n--;`.")
GIL_VARIANTS(gcd, "gcd(a, b) -> int. Greatest common divisor of two ints of any size and sign, never negative.")
GIL_VARIANTS(is_prime, "is_prime(n) -> bool. Exact below 2**64 (Baillie-PSW); GMP's probable-prime test (25 rounds) above.")
GIL_VARIANTS(next_prime, "next_prime(n) -> int. The smallest prime greater than n; a probable prime above 2**64.")
GIL_VARIANTS(first_primes, "first_primes(k) -> list[int]. The first k primes, from a segmented sieve.")
GIL_VARIANTS(count_primes, "count_primes(lo, hi) -> int. The number of primes p with lo <= p < hi, 0 <= lo <= hi < 2**64.")

%feature("docstring") get_release_threshold "get_release_threshold(name) -> int. The auto policy's work threshold of a kernel.";
%feature("docstring") set_release_threshold "set_release_threshold(name, value) -> None. Set the auto policy's work threshold of a kernel.";

%inline %{
PyObject *churn_hold(PyObject *n) { return py_churn(n, GIL_HOLD); }
PyObject *churn_release(PyObject *n) { return py_churn(n, GIL_RELEASE); }
PyObject *churn_auto(PyObject *n) { return py_churn(n, GIL_AUTO); }

PyObject *gcd_hold(PyObject *a, PyObject *b) { return py_gcd(a, b, GIL_HOLD); }
PyObject *gcd_release(PyObject *a, PyObject *b) { return py_gcd(a, b, GIL_RELEASE); }
PyObject *gcd_auto(PyObject *a, PyObject *b) { return py_gcd(a, b, GIL_AUTO); }

PyObject *is_prime_hold(PyObject *n) { return py_is_prime(n, GIL_HOLD); }
PyObject *is_prime_release(PyObject *n) { return py_is_prime(n, GIL_RELEASE); }
PyObject *is_prime_auto(PyObject *n) { return py_is_prime(n, GIL_AUTO); }

PyObject *next_prime_hold(PyObject *n) { return py_next_prime(n, GIL_HOLD); }
PyObject *next_prime_release(PyObject *n) { return py_next_prime(n, GIL_RELEASE); }
PyObject *next_prime_auto(PyObject *n) { return py_next_prime(n, GIL_AUTO); }

PyObject *first_primes_hold(PyObject *k) { return py_first_primes(k, GIL_HOLD); }
PyObject *first_primes_release(PyObject *k) { return py_first_primes(k, GIL_RELEASE); }
PyObject *first_primes_auto(PyObject *k) { return py_first_primes(k, GIL_AUTO); }

PyObject *count_primes_hold(PyObject *lo, PyObject *hi) { return py_count_primes(lo, hi, GIL_HOLD); }
PyObject *count_primes_release(PyObject *lo, PyObject *hi) { return py_count_primes(lo, hi, GIL_RELEASE); }
PyObject *count_primes_auto(PyObject *lo, PyObject *hi) { return py_count_primes(lo, hi, GIL_AUTO); }

PyObject *get_release_threshold(PyObject *name) {
    int index = kernel_index(name, "release_threshold");
    return index < 0 ? NULL : PyLong_FromLongLong(work_threshold[index]);
}

PyObject *set_release_threshold(PyObject *name, PyObject *value) {
    int index = kernel_index(name, "set_release_threshold");
    if (index < 0) return NULL;
    uint64_t threshold;
    if (as_u64(value, "set_release_threshold", "value", &threshold) < 0) return NULL;
    work_threshold[index] = threshold > (uint64_t)LLONG_MAX ? LLONG_MAX : (long long)threshold;
    Py_RETURN_NONE;
}
%}

/* The batch kernels: one call, many items (batch.i). */
%include "batch.i"
