/* helpers.c — what every kernel's Python entry shares (helpers.h): the release
 * thresholds, ints in and out, errors, and Ctrl-C during long calls. */
#include "helpers.h"

#include <signal.h>
#include <string.h>

/* -------------------------------------------------------- the auto thresholds */

#define AS_THRESHOLD(NAME, PARAMS, ARGS, THRESHOLD, ...) THRESHOLD,
long long release_thresholds[KERNEL_COUNT] = {GILSWEEP_KERNELS(AS_THRESHOLD)};
#undef AS_THRESHOLD

#define AS_NAME(NAME, ...) #NAME,
static const char *const names[KERNEL_COUNT] = {GILSWEEP_KERNELS(AS_NAME)};
#undef AS_NAME

/* ", churn, gcd, ...": the list for error messages, without its first ", ". */
#define AS_LISTED(NAME, ...) ", " #NAME
static const char listed[] = GILSWEEP_KERNELS(AS_LISTED);
#undef AS_LISTED

/* The index of the kernel a Python str names, or -1 with TypeError/ValueError. */
static int kernel_index(PyObject *name, const char *function) {
    Py_ssize_t length = 0;
    const char *text = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &length) : NULL;
    if (!text) {
        if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "%s() argument 'name' must be a str", function);
        return -1;
    }
    /* The length too: "gcd\0junk" is not "gcd" (found by Tests/Fuzz/fuzz_python.py). */
    for (int i = 0; i < KERNEL_COUNT; i++)
        if ((size_t)length == strlen(names[i]) && memcmp(text, names[i], (size_t)length) == 0) return i;
    PyErr_Format(PyExc_ValueError, "unknown kernel %R; valid kernels: %s", name, listed + 2);
    return -1;
}

PyObject *release_threshold(PyObject *name) {
    int index = kernel_index(name, "release_threshold");
    return index < 0 ? NULL : PyLong_FromLongLong(release_threshold_of(index));
}

PyObject *set_release_threshold(PyObject *name, PyObject *value) {
    int index = kernel_index(name, "set_release_threshold");
    if (index < 0) return NULL;
    long long threshold; /* compared with work, so in its range: it reads back as set, never clamped */
    if (as_work(value, "set_release_threshold", "value", &threshold) < 0) return NULL;
    __atomic_store_n(&release_thresholds[index], threshold, __ATOMIC_RELAXED); /* helpers.h says why relaxed */
    Py_RETURN_NONE;
}

/* gilsweep.KERNELS: the names in list order. */
PyObject *kernel_names(void) {
    PyObject *tuple = PyTuple_New(KERNEL_COUNT);
    for (int i = 0; tuple && i < KERNEL_COUNT; i++) {
        PyObject *name = PyUnicode_FromString(names[i]);
        if (!name) {
            Py_CLEAR(tuple);
            break;
        }
        PyTuple_SET_ITEM(tuple, i, name);
    }
    return tuple;
}

/* ------------------------------------------------------- argument parsing */

PyObject *as_int_by_index(PyObject *obj, const char *function, const char *argument) {
    if (!PyIndex_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be an int, not %.200s",
                     function, argument, Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PyNumber_Index(obj);
}

int as_u64(PyObject *obj, const char *function, const char *argument, uint64_t *out) {
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

int as_work(PyObject *obj, const char *function, const char *argument, long long *out) {
    PyObject *value = as_int(obj, function, argument);
    if (!value) return -1;
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(value, &overflow);
    int status = 0;
    if (overflow > 0) {
        PyErr_Format(PyExc_OverflowError, "%s() argument '%s' must be below 2**63, got %S", function, argument, value);
        status = -1;
    } else if (overflow < 0 || n < 0) {
        PyErr_Format(PyExc_ValueError, "%s() argument '%s' must not be negative, got %S", function, argument, value);
        status = -1;
    }
    Py_DECREF(value);
    *out = n;
    return status;
}

/* magnitude_u64 past a long long (|v| >= 2**63): |v| when below 2**64, else
 * 0, which cannot be such a magnitude. */
uint64_t magnitude_u64_big(PyObject *v) {
    if (bit_length(v) > 64) return 0;
    PyObject *magnitude = PyNumber_Absolute(v);
    if (!magnitude) {
        PyErr_Clear();
        return 0;
    }
    uint64_t value = PyLong_AsUnsignedLongLong(magnitude);
    Py_DECREF(magnitude);
    return value;
}

/* ------------------------------------------- big integers across the boundary */

/* Python ints cross as little-endian magnitude bytes (pycompat.h), never as
 * decimal text. */

gs_bigint *bigint_from_int(PyObject *v) {
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

PyObject *int_from_bigint(const gs_bigint *x) {
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

/* ------------------------------------------------------------------ errors */

PyObject *status_error(const char *function, gs_status status) {
    PyObject *type = status == GS_OUT_OF_MEMORY ? PyExc_MemoryError
                   : status == GS_OUT_OF_RANGE  ? PyExc_OverflowError
                                                : PyExc_ValueError;
    PyErr_Format(type, "%s(): %s", function, gs_status_message(status));
    return NULL;
}

/* ------------------------------------------------------------------ Ctrl-C */

/* While the main thread runs a long call, SIGINT also raises the kernel's
 * cancellation flag, then runs Python's own handler, which marks the signal
 * for PyErr_CheckSignals. Only the main thread does this (Python runs signal
 * handlers there, and one handler at a time must be installed); the flag and
 * the saved handler are therefore single, not per call.
 *
 * Without a GIL this stays safe, and for the same reason as with one: the GIL
 * never guarded it (a signal handler runs without it, on whichever thread the
 * kernel picks). Only the main thread writes this state, one call at a time
 * (interrupt_begin checks), so writers never race each other. The handler may
 * run on another thread while the main thread saves Python's handler for its
 * next call, so the handler reads only python_handler, and atomically; the
 * flag is an atomic too (gs_cancel_flag_raise). Worker threads never touch
 * any of it: their long calls cannot be cancelled, with or without a GIL. */
static int main_thread_cancel;
static struct sigaction python_sigint;   /* the main thread's only: restored by interrupt_end */
static void (*python_handler)(int);      /* what on_sigint calls: python_sigint's handler, or NULL */

static void on_sigint(int signum) {
    gs_cancel_flag_raise(&main_thread_cancel);
    void (*handler)(int) = __atomic_load_n(&python_handler, __ATOMIC_ACQUIRE);
    if (handler) handler(signum);
}

const int *interrupt_begin(int long_call) {
    if (!long_call || !compat_is_main_thread()) return NULL;
    gs_cancel_flag_clear(&main_thread_cancel);
    if (sigaction(SIGINT, NULL, &python_sigint) != 0 || python_sigint.sa_handler == SIG_DFL ||
        python_sigint.sa_handler == SIG_IGN || (python_sigint.sa_flags & SA_SIGINFO))
        return NULL; /* nobody would turn SIGINT into KeyboardInterrupt */
    __atomic_store_n(&python_handler, python_sigint.sa_handler, __ATOMIC_RELEASE);
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_handler = on_sigint;
    sigemptyset(&ours.sa_mask);
    sigaction(SIGINT, &ours, NULL);
    return &main_thread_cancel;
}

void interrupt_end(const int *cancel) {
    if (cancel) sigaction(SIGINT, &python_sigint, NULL);
}

PyObject *interrupted(const char *function) {
    if (PyErr_CheckSignals() < 0) return NULL; /* KeyboardInterrupt from Python's handler */
    PyErr_Format(PyExc_KeyboardInterrupt, "%s() was interrupted", function);
    return NULL;
}
