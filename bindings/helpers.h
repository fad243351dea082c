/* helpers.h — the C side of the SWIG interface (kernels.i).
 *
 * kernels.i wraps, per kernel of kernel_list.h, three callables that each call
 * NAME_under(policy, ...) declared here; scalar_kernels.c and batch_kernels.c
 * define those, with the conversions, errors and Ctrl-C handling of helpers.c
 * (and, for the batches, the input reading of batch_input.c).
 *
 * Errors are Python's: TypeError for non-integers (objects with __index__ are
 * accepted, as math.gcd does), ValueError for invalid ranges and negative
 * counts, OverflowError for values a kernel cannot represent. Messages name the
 * Python function and argument, never a C type.
 *
 * Every function here needs the GIL (on a free-threaded build: an attached
 * thread state), except what RUN_KERNEL runs.
 *
 * Free threading: the extension declares that it does not need the GIL
 * (kernels.i), so any number of threads may be in these functions at once.
 * What they share is listed here, each with why it is safe without a GIL:
 *   release_thresholds   atomic loads and stores (below);
 *   Ctrl-C state         only the main thread writes it; the signal handler
 *                        reads it atomically (helpers.c);
 *   batch inputs         lists are copied into a private tuple before they are
 *                        read; buffers are read in place, pinned by their
 *                        export (batch_input.c);
 *   the kernels          CSupport keeps no global mutable state (CSupport.h).
 * Nothing else is shared: no caches, every answer is built per call. */
#ifndef GILSWEEP_HELPERS_H
#define GILSWEEP_HELPERS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "CSupport.h"
#include "kernel_list.h"
#include "pycompat.h" /* the only place that knows CPython versions */

/* Hidden: these are the extension's internals, not symbols for ctypes users
 * (who get the gs_ kernels), and hidden calls between files are direct, not
 * through the PLT. */
#pragma GCC visibility push(hidden)

/* (a, b) -> a, b: kernel_list.h carries parameter lists in parentheses. */
#define UNPAREN(...) __VA_ARGS__

/* ------------------------------------------------------------ GIL policies */

typedef enum { GIL_HOLD, GIL_RELEASE, GIL_AUTO } gil_policy;

#define AS_ENUM(NAME, ...) KERNEL_##NAME,
enum { GILSWEEP_KERNELS(AS_ENUM) KERNEL_COUNT };
#undef AS_ENUM

/* The work at or above which GIL_AUTO releases, per kernel (kernel_list.h).
 * Shared by every thread, and on a free-threaded build read and written with
 * no lock at all (set_release_threshold may run while other threads call), so
 * every access is atomic. Relaxed order is enough: each threshold is one
 * independent value that publishes no other memory, a call reads it once, and
 * a call racing a setter gets the old or the new value, both valid. On x86-64
 * and arm64 a relaxed 8-byte load is a plain load: the hot path costs nothing. */
extern long long release_thresholds[KERNEL_COUNT];

static inline long long release_threshold_of(int kernel) {
    return __atomic_load_n(&release_thresholds[kernel], __ATOMIC_RELAXED);
}

/* Inline: every call asks. */
static inline int releases(gil_policy policy, int kernel, long long work) {
    return policy == GIL_RELEASE || (policy == GIL_AUTO && work >= release_threshold_of(kernel));
}

/* Runs STATEMENT without the GIL when the policy says so. Only the kernel
 * itself may: the conversions before and after touch Python objects, which is
 * why the callables are written by hand and not made with SWIG's -threads. */
#define RUN_KERNEL(policy, kernel, work, STATEMENT) \
    do {                                            \
        if (releases(policy, kernel, work)) {       \
            Py_BEGIN_ALLOW_THREADS STATEMENT;       \
            Py_END_ALLOW_THREADS                    \
        } else {                                    \
            STATEMENT;                              \
        }                                           \
    } while (0)

/* What kernels.i wraps: NAME_under(policy, PARAMS) for every kernel, and the
 * threshold functions behind gilsweep.release_threshold and
 * gilsweep.set_release_threshold. */
#define DECLARE_UNDER(NAME, PARAMS, ...) PyObject *NAME##_under(gil_policy policy, UNPAREN PARAMS);
GILSWEEP_KERNELS(DECLARE_UNDER)
#undef DECLARE_UNDER
PyObject *release_threshold(PyObject *name);
PyObject *set_release_threshold(PyObject *name, PyObject *value);
PyObject *kernel_names(void);

/* ------------------------------------------------------- argument parsing */

PyObject *as_int_by_index(PyObject *obj, const char *function, const char *argument);

/* A new reference to the int value of obj, or NULL with TypeError. Inline,
 * with the int case first: it is on every call's path. */
static inline PyObject *as_int(PyObject *obj, const char *function, const char *argument) {
    if (PyLong_Check(obj)) {
        Py_INCREF(obj);
        return obj;
    }
    return as_int_by_index(obj, function, argument);
}

/* A non-negative integer argument that must fit 64 bits: 0, or -1 with an exception. */
int as_u64(PyObject *obj, const char *function, const char *argument, uint64_t *out);

/* A non-negative integer below 2**63, the range of work as RUN_KERNEL counts it
 * (churn's n, the auto thresholds): 0, or -1 with an exception. */
int as_work(PyObject *obj, const char *function, const char *argument, long long *out);

uint64_t magnitude_u64_big(PyObject *v);

/* |v| of an int into *out when it is below 2**64 (returns 1); 0 when it is
 * larger. Inline for the small ints every 64-bit gcd gets; the rare case
 * returns its answer rather than taking out, so callers keep it in a register. */
static inline int magnitude_u64(PyObject *v, uint64_t *out) {
    int overflow = 0;
    long long small = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow) {
        *out = magnitude_u64_big(v);
        return *out != 0;
    }
    *out = small < 0 ? 0 - (uint64_t)small : (uint64_t)small;
    return 1;
}

/* ------------------------------------------- big integers across the boundary */

/* Bits of |v|; cannot fail for an int. */
static inline size_t bit_length(PyObject *v) { return compat_long_num_bits(v); }

/* A new gs_bigint equal to the int v, or NULL with an exception set. */
gs_bigint *bigint_from_int(PyObject *v);

/* A new int equal to x, or NULL with an exception set. */
PyObject *int_from_bigint(const gs_bigint *x);

/* ------------------------------------------------------------------ errors */

/* The exception for a status other than GS_OK; returns NULL. */
PyObject *status_error(const char *function, gs_status status);

/* For a long call: listens for Ctrl-C when this is the main thread and Python
 * turns SIGINT into KeyboardInterrupt; returns the flag to hand the kernel, or
 * NULL (no cancellation). End with interrupt_end. */
const int *interrupt_begin(int long_call);
void interrupt_end(const int *cancel);

/* The exception for a kernel that returned GS_CANCELLED; returns NULL. */
PyObject *interrupted(const char *function);

#pragma GCC visibility pop

#endif /* GILSWEEP_HELPERS_H */
