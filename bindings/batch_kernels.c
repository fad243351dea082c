/* batch_kernels.c — is_prime_many, next_prime_many and gcd_many: one call,
 * many items, the GIL released (or not) once for the whole batch.
 *
 * Two kinds of input:
 *  - an object with the buffer protocol holding 64-bit integers (array('Q'),
 *    array('q'), NumPy uint64/int64, memoryview): read in place (copied once,
 *    8 bytes an item, only when not contiguous), no Python int per item. The
 *    export pins its memory (array and bytearray refuse to resize while it is
 *    held), so reading without the GIL is memory-safe; a thread that writes
 *    the items during the call races with it as it would with NumPy, GIL or
 *    not: the answers for the items it writes are unspecified. The
 *    result is a bytearray of raw answers (one byte per bool, or native uint64),
 *    which gilsweep/_batch.py turns into the caller's kind of buffer;
 *  - any other iterable of ints: converted item by item with the GIL held (so
 *    errors name the item), items the 64-bit kernels cannot take (ints of 2**64
 *    and more, and for next_prime those whose next prime is above 2**64) go to
 *    GMP inside the same release; the result is a list.
 * Nothing is computed before every item has been read, so an error leaves
 * nothing half-done. */
#include "helpers.h"

#include <string.h>

/* Batches at least this long listen for Ctrl-C (a sigaction pair costs ~1 µs). */
#define INTERRUPTIBLE_ITEMS 100000

/* The items of one batch argument, read with the GIL held. */
typedef struct {
    Py_ssize_t n;
    const uint64_t *values; /* n 64-bit items of kind `kind` */
    gs_items kind;
    int is_buffer;
    uint64_t *owned;        /* what values points into, when we allocated it */
    Py_buffer view;
    int has_view;
    PyObject **apart;       /* iterables only: NULL, or for item i an int the 64-bit path cannot take */
    Py_ssize_t n_apart;
} batch_items;

static void batch_items_free(batch_items *items) {
    if (items->apart) {
        for (Py_ssize_t i = 0; i < items->n; i++) Py_XDECREF(items->apart[i]);
        PyMem_Free(items->apart);
    }
    PyMem_RawFree(items->owned);
    if (items->has_view) PyBuffer_Release(&items->view);
    memset(items, 0, sizeof *items);
}

/* " of a" for gcd_many's arguments, "" for single-argument functions. */
static const char *of_argument(const char *argument, char *buf, size_t size) {
    if (!argument) return "";
    PyOS_snprintf(buf, size, " of %s", argument);
    return buf;
}

/* The element type of a 64-bit integer buffer: 1 (and *kind) when format is
 * native or little-endian 64-bit integers, else 0. */
static int integer_format(const Py_buffer *view, gs_items *kind) {
    const char *format = view->format ? view->format : "B";
    if (*format == '@' || *format == '=' || *format == '<') format++;
    if (view->itemsize != 8 || format[0] == '\0' || format[1] != '\0') return 0;
    if (strchr("QLN", format[0])) {
        *kind = GS_ITEMS_U64;
        return 1;
    }
    if (strchr("qln", format[0])) {
        *kind = GS_ITEMS_I64;
        return 1;
    }
    return 0;
}

/* 1 if obj is a buffer (items filled), 0 if it is not one, -1 with an exception. */
static int read_buffer(PyObject *obj, const char *function, const char *argument, batch_items *items) {
    if (!PyObject_CheckBuffer(obj)) return 0;
    if (PyObject_GetBuffer(obj, &items->view, PyBUF_RECORDS_RO) < 0) return -1;
    items->has_view = 1;
    char where[32];
    if (!integer_format(&items->view, &items->kind)) {
        PyErr_Format(PyExc_TypeError,
                     "%s() argument%s: a buffer of format '%s' (%zd-byte items) is not 64-bit integers; "
                     "expected format 'q' or 'Q' (array('q'), array('Q'), NumPy int64 or uint64)",
                     function, of_argument(argument, where, sizeof where),
                     items->view.format ? items->view.format : "B", items->view.itemsize);
        return -1;
    }
    if (items->view.ndim != 1) {
        PyErr_Format(PyExc_ValueError, "%s() argument%s: expected a 1-dimensional buffer, got %d dimensions",
                     function, of_argument(argument, where, sizeof where), items->view.ndim);
        return -1;
    }
    items->is_buffer = 1;
    items->n = items->view.shape[0];
    if (PyBuffer_IsContiguous(&items->view, 'C')) {
        items->values = items->view.buf;
    } else { /* a strided view (arr[::2]): one contiguous copy */
        items->owned = PyMem_RawMalloc(items->n ? (size_t)items->n * 8 : 1);
        if (!items->owned) {
            PyErr_NoMemory();
            return -1;
        }
        if (PyBuffer_ToContiguous(items->owned, &items->view, items->n * 8, 'C') < 0) return -1;
        items->values = items->owned;
    }
    return 1;
}

/* How the 64-bit path takes an int: 1 with *out set, 0 when it goes apart. */
typedef int (*item_reader)(PyObject *value, uint64_t *out);

/* Reads any iterable of ints; -1 with an exception naming the first bad item. */
static int read_iterable(PyObject *obj, const char *function, const char *argument, item_reader take,
                         batch_items *items) {
    char where[32];
    /* A tuple of its own, not PySequence_Fast, which hands a list back as is:
     * the loop below holds borrowed items and the length read once, so the list
     * must not change under it, and it can. Another thread may append or pop
     * (on a free-threaded build, while this one reads), and an item's __index__
     * may clear the list (with or without a GIL). Copying a list locks it on
     * free-threaded builds; a tuple comes back as itself. */
    PyObject *sequence = PySequence_Tuple(obj);
    if (!sequence) {
        if (!PyErr_ExceptionMatches(PyExc_TypeError)) return -1; /* the iterator's own error */
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError,
                     "%s() argument%s must be an iterable of ints or a buffer of 64-bit integers, not %.200s",
                     function, of_argument(argument, where, sizeof where), Py_TYPE(obj)->tp_name);
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(sequence);
    items->n = n;
    items->kind = GS_ITEMS_U64;
    items->owned = PyMem_RawMalloc(n ? (size_t)n * sizeof(uint64_t) : 1);
    items->apart = PyMem_Calloc(n ? (size_t)n : 1, sizeof(PyObject *));
    if (!items->owned || !items->apart) {
        Py_DECREF(sequence);
        PyErr_NoMemory();
        return -1;
    }
    items->values = items->owned;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(sequence, i);
        PyObject *value = PyLong_Check(item) ? (Py_INCREF(item), item)
                        : PyIndex_Check(item) ? PyNumber_Index(item) : NULL;
        if (!value) {
            if (!PyErr_Occurred() || PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError, "%s(): item %zd%s must be an int, not %.200s", function, i,
                             of_argument(argument, where, sizeof where), Py_TYPE(item)->tp_name);
            }
            Py_DECREF(sequence);
            return -1;
        }
        if (take(value, &items->owned[i])) {
            Py_DECREF(value);
        } else {
            items->owned[i] = 0; /* a harmless stand-in for the 64-bit pass; its answer comes from apart */
            items->apart[i] = value;
            items->n_apart++;
        }
    }
    Py_DECREF(sequence);
    return 0;
}

static int read_items(PyObject *obj, const char *function, const char *argument, item_reader take,
                      batch_items *items) {
    memset(items, 0, sizeof *items);
    int is_buffer = read_buffer(obj, function, argument, items);
    if (is_buffer == 0) return read_iterable(obj, function, argument, take, items);
    return is_buffer;
}

/* Into *bigs: a new GMP integer per item set apart (NULL where the item needs
 * none), or no array at all (NULL) when no item was set apart, as for every
 * buffer: a batch of 10^7 items must not pay for 10^7 empty slots.
 * 0, or -1 with an exception. */
static int apart_bigints(const batch_items *items, int (*needs_gmp)(PyObject *), gs_bigint ***bigs) {
    *bigs = NULL;
    if (items->n_apart == 0) return 0;
    gs_bigint **made = PyMem_Calloc((size_t)items->n, sizeof *made);
    if (!made) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < items->n; i++) {
        if (items->apart[i] && needs_gmp(items->apart[i])) {
            made[i] = bigint_from_int(items->apart[i]);
            if (!made[i]) {
                for (Py_ssize_t j = 0; j < i; j++) gs_bigint_destroy(made[j]);
                PyMem_Free(made);
                return -1;
            }
        }
    }
    *bigs = made;
    return 0;
}

static void free_bigints(gs_bigint **bigs, Py_ssize_t n) {
    if (!bigs) return;
    for (Py_ssize_t i = 0; i < n; i++) gs_bigint_destroy(bigs[i]);
    PyMem_Free(bigs);
}

static int is_positive(PyObject *v) { return compat_long_sign(v) > 0; }
static int is_non_negative(PyObject *v) { return compat_long_sign(v) >= 0; }

/* Work for the auto policy: the number of items, saturated. */
static long long batch_work(Py_ssize_t n) { return (long long)n; }

/* ----------------------------------------------------------- is_prime_many */

static int take_for_is_prime(PyObject *v, uint64_t *out) {
    if (compat_long_sign(v) < 0) return 0;
    unsigned long long u = PyLong_AsUnsignedLongLong(v);
    if (u == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    *out = u;
    return 1;
}

/* Everything that runs without the GIL: no Python API in here. */
static gs_status is_prime_batch(const batch_items *items, gs_bigint **bigs, uint8_t *out, const int *cancel) {
    gs_status status = gs_is_prime_many(items->values, (size_t)items->n, items->kind, out, cancel);
    for (Py_ssize_t i = 0; status == GS_OK && i < items->n; i++) {
        if (items->apart && items->apart[i]) {
            int answer = 0; /* negative items have no bigint: not prime */
            if (bigs && bigs[i]) status = gs_bigint_probab_prime(bigs[i], 25, &answer);
            out[i] = answer != 0;
        }
    }
    return status;
}

PyObject *is_prime_many_under(gil_policy policy, PyObject *values) {
    batch_items items;
    if (read_items(values, "is_prime_many", NULL, take_for_is_prime, &items) < 0) {
        batch_items_free(&items);
        return NULL;
    }
    PyObject *result = NULL;
    gs_bigint **bigs = NULL;
    PyObject *answers = apart_bigints(&items, is_positive, &bigs) == 0 ? PyByteArray_FromStringAndSize(NULL, items.n) : NULL;
    if (answers) {
        uint8_t *out = (uint8_t *)PyByteArray_AS_STRING(answers);
        const int *cancel = interrupt_begin(items.n >= INTERRUPTIBLE_ITEMS);
        gs_status status;
        RUN_KERNEL(policy, KERNEL_is_prime_many, batch_work(items.n), status = is_prime_batch(&items, bigs, out, cancel));
        interrupt_end(cancel);
        if (status == GS_CANCELLED) {
            interrupted("is_prime_many");
        } else if (status != GS_OK) {
            status_error("is_prime_many", status);
        } else if (items.is_buffer) {
            result = answers;
            Py_INCREF(result);
        } else if ((result = PyList_New(items.n))) {
            for (Py_ssize_t i = 0; i < items.n; i++) PyList_SET_ITEM(result, i, PyBool_FromLong(out[i]));
        }
        Py_DECREF(answers);
    }
    free_bigints(bigs, items.n);
    batch_items_free(&items);
    return result;
}

/* --------------------------------------------------------- next_prime_many */

/* The largest 64-bit prime: every n >= it has its next prime above 2**64. */
#define LARGEST_U64_PRIME 18446744073709551557ULL

static int take_for_next_prime(PyObject *v, uint64_t *out) {
    return take_for_is_prime(v, out) && *out < LARGEST_U64_PRIME;
}

static gs_status next_prime_batch(const batch_items *items, gs_bigint **bigs, uint64_t *out, size_t *failed,
                                  const int *cancel) {
    gs_status status = gs_next_prime_many(items->values, (size_t)items->n, items->kind, out, failed, cancel);
    for (Py_ssize_t i = 0; bigs && status == GS_OK && i < items->n; i++)
        if (bigs[i]) status = gs_bigint_next_prime(bigs[i], bigs[i]);
    return status;
}

PyObject *next_prime_many_under(gil_policy policy, PyObject *values) {
    batch_items items;
    if (read_items(values, "next_prime_many", NULL, take_for_next_prime, &items) < 0) {
        batch_items_free(&items);
        return NULL;
    }
    PyObject *result = NULL;
    gs_bigint **bigs = NULL; /* negative items get 2, no GMP */
    PyObject *answers = apart_bigints(&items, is_non_negative, &bigs) == 0 ? PyByteArray_FromStringAndSize(NULL, items.n * 8) : NULL;
    if (answers) {
        uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(answers);
        size_t failed = 0;
        const int *cancel = interrupt_begin(items.n >= INTERRUPTIBLE_ITEMS);
        gs_status status;
        RUN_KERNEL(policy, KERNEL_next_prime_many, batch_work(items.n),
                   status = next_prime_batch(&items, bigs, out, &failed, cancel));
        interrupt_end(cancel);
        if (status == GS_CANCELLED) {
            interrupted("next_prime_many");
        } else if (status == GS_OUT_OF_RANGE && items.is_buffer) {
            PyErr_Format(PyExc_OverflowError,
                         "next_prime_many(): the next prime after item %zu (%llu) is above 2**64 and cannot be "
                         "stored in a 64-bit buffer; pass a list to get ints of any size",
                         failed, (unsigned long long)items.values[failed]);
        } else if (status != GS_OK) {
            status_error("next_prime_many", status);
        } else if (items.is_buffer) {
            result = answers;
            Py_INCREF(result);
        } else if ((result = PyList_New(items.n))) {
            for (Py_ssize_t i = 0; i < items.n; i++) {
                PyObject *item = bigs && bigs[i] ? int_from_bigint(bigs[i])
                               : items.apart[i] ? PyLong_FromLong(2) /* a negative item */
                                                : PyLong_FromUnsignedLongLong(out[i]);
                if (!item) {
                    Py_CLEAR(result);
                    break;
                }
                PyList_SET_ITEM(result, i, item);
            }
        }
        Py_DECREF(answers);
    }
    free_bigints(bigs, items.n);
    batch_items_free(&items);
    return result;
}

/* ---------------------------------------------------------------- gcd_many */

static gs_status gcd_batch(const batch_items *a, const batch_items *b, gs_bigint **big_a, gs_bigint **big_b,
                           uint64_t *out, const int *cancel) {
    gs_status status = gs_gcd_many(a->values, a->kind, b->values, b->kind, (size_t)a->n, out, cancel);
    for (Py_ssize_t i = 0; big_a && status == GS_OK && i < a->n; i++)
        if (big_a[i]) status = gs_bigint_gcd(big_a[i], big_a[i], big_b[i]);
    return status;
}

/* Item i of a batch as a GMP integer: by its value, so a signed ('q') buffer's
 * -297 is -297, not 2^64 - 297 (found by Tests/Fuzz/fuzz_python.py). */
static void set_item(gs_bigint *x, const batch_items *items, Py_ssize_t i) {
    if (items->kind == GS_ITEMS_I64)
        gs_bigint_set_i64(x, (int64_t)items->values[i]);
    else
        gs_bigint_set_u64(x, items->values[i]);
}

/* For an item pair with a side set apart: both sides as GMP integers (big_a[i], big_b[i]). */
static int pair_bigints(const batch_items *a, const batch_items *b, gs_bigint **big_a, gs_bigint **big_b) {
    for (Py_ssize_t i = 0; i < a->n; i++) {
        int a_apart = a->apart && a->apart[i], b_apart = b->apart && b->apart[i];
        if (!a_apart && !b_apart) continue;
        if (gs_bigint_create(&big_a[i]) != GS_OK || gs_bigint_create(&big_b[i]) != GS_OK) {
            PyErr_NoMemory();
            return -1;
        }
        gs_bigint *x = a_apart ? bigint_from_int(a->apart[i]) : NULL, *y = b_apart ? bigint_from_int(b->apart[i]) : NULL;
        if ((a_apart && !x) || (b_apart && !y)) {
            gs_bigint_destroy(x);
            gs_bigint_destroy(y);
            return -1;
        }
        if (x) gs_bigint_copy(big_a[i], x); else set_item(big_a[i], a, i);
        if (y) gs_bigint_copy(big_b[i], y); else set_item(big_b[i], b, i);
        gs_bigint_destroy(x);
        gs_bigint_destroy(y);
    }
    return 0;
}

PyObject *gcd_many_under(gil_policy policy, PyObject *a_obj, PyObject *b_obj) {
    batch_items a, b;
    memset(&b, 0, sizeof b);
    PyObject *result = NULL;
    gs_bigint **big_a = NULL, **big_b = NULL;
    if (read_items(a_obj, "gcd_many", "a", magnitude_u64, &a) < 0 ||
        read_items(b_obj, "gcd_many", "b", magnitude_u64, &b) < 0)
        goto done;
    if (a.n != b.n) {
        PyErr_Format(PyExc_ValueError, "gcd_many(): a has %zd items but b has %zd; they must be equally long",
                     a.n, b.n);
        goto done;
    }
    if (a.n_apart || b.n_apart) { /* only then: see apart_bigints */
        big_a = PyMem_Calloc((size_t)a.n, sizeof *big_a);
        big_b = PyMem_Calloc((size_t)a.n, sizeof *big_b);
        if (!big_a || !big_b) {
            PyErr_NoMemory();
            goto done;
        }
        if (pair_bigints(&a, &b, big_a, big_b) < 0) goto done;
    }
    PyObject *answers = PyByteArray_FromStringAndSize(NULL, a.n * 8);
    if (!answers) goto done;
    uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(answers);
    const int *cancel = interrupt_begin(a.n >= INTERRUPTIBLE_ITEMS);
    gs_status status;
    RUN_KERNEL(policy, KERNEL_gcd_many, batch_work(a.n), status = gcd_batch(&a, &b, big_a, big_b, out, cancel));
    interrupt_end(cancel);
    if (status == GS_CANCELLED) {
        interrupted("gcd_many");
    } else if (status != GS_OK) {
        status_error("gcd_many", status);
    } else if (a.is_buffer && b.is_buffer) {
        result = answers;
        Py_INCREF(result);
    } else if ((result = PyList_New(a.n))) {
        for (Py_ssize_t i = 0; i < a.n; i++) {
            PyObject *item = big_a && big_a[i] ? int_from_bigint(big_a[i]) : PyLong_FromUnsignedLongLong(out[i]);
            if (!item) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(result, i, item);
        }
    }
    Py_DECREF(answers);
done:
    free_bigints(big_a, a.n);
    free_bigints(big_b, a.n);
    batch_items_free(&a);
    batch_items_free(&b);
    return result;
}
