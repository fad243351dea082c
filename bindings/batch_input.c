/* batch_input.c — the input of the batch kernels, read with the GIL held
 * (batch_input.h says what each kind of input becomes).
 *
 * Sharing: a buffer's export pins its memory (array and bytearray refuse to
 * resize while it is held), so the kernels read it without the GIL safely; a
 * thread that writes the items during the call races with it as it would with
 * NumPy, GIL or not, and the answers for the items it writes are unspecified.
 * Any other iterable is copied into a tuple of our own first (read_iterable). */
#include "batch_input.h"

#include <string.h>

void batch_items_free(batch_items *items) {
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

/* Item i of a sequence as an int: a new reference, or NULL with a TypeError naming it. */
static PyObject *item_as_int(PyObject *item, Py_ssize_t i, const char *function, const char *argument) {
    PyObject *value = PyLong_Check(item) ? (Py_INCREF(item), item) : PyIndex_Check(item) ? PyNumber_Index(item) : NULL;
    if (!value && (!PyErr_Occurred() || PyErr_ExceptionMatches(PyExc_TypeError))) {
        char where[32];
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s(): item %zd%s must be an int, not %.200s", function, i,
                     of_argument(argument, where, sizeof where), Py_TYPE(item)->tp_name);
    }
    return value;
}

/* Reads the items of a tuple (sequence) with take; -1 with an exception. */
static int read_sequence(PyObject *sequence, const char *function, const char *argument, item_reader take,
                         batch_items *items) {
    Py_ssize_t n = PyTuple_GET_SIZE(sequence);
    items->n = n;
    items->kind = GS_ITEMS_U64;
    items->owned = PyMem_RawMalloc(n ? (size_t)n * sizeof(uint64_t) : 1);
    items->apart = PyMem_Calloc(n ? (size_t)n : 1, sizeof(PyObject *));
    if (!items->owned || !items->apart) {
        PyErr_NoMemory();
        return -1;
    }
    items->values = items->owned;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *value = item_as_int(PyTuple_GET_ITEM(sequence, i), i, function, argument);
        if (!value) return -1;
        if (take(value, &items->owned[i])) {
            Py_DECREF(value);
        } else {
            items->owned[i] = 0; /* a harmless stand-in for the 64-bit pass; its answer comes from apart */
            items->apart[i] = value;
            items->n_apart++;
        }
    }
    return 0;
}

/* Reads any iterable of ints; -1 with an exception naming the first bad item. */
static int read_iterable(PyObject *obj, const char *function, const char *argument, item_reader take,
                         batch_items *items) {
    /* A tuple of its own, not PySequence_Fast, which hands a list back as is:
     * read_sequence holds borrowed items and the length read once, so the list
     * must not change under it, and it can. Another thread may append or pop
     * (on a free-threaded build, while this one reads), and an item's __index__
     * may clear the list (with or without a GIL). Copying a list locks it on
     * free-threaded builds; a tuple comes back as itself. */
    PyObject *sequence = PySequence_Tuple(obj);
    if (!sequence) {
        if (!PyErr_ExceptionMatches(PyExc_TypeError)) return -1; /* the iterator's own error */
        char where[32];
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError,
                     "%s() argument%s must be an iterable of ints or a buffer of 64-bit integers, not %.200s",
                     function, of_argument(argument, where, sizeof where), Py_TYPE(obj)->tp_name);
        return -1;
    }
    int status = read_sequence(sequence, function, argument, take, items);
    Py_DECREF(sequence);
    return status;
}

int read_items(PyObject *obj, const char *function, const char *argument, item_reader take, batch_items *items) {
    memset(items, 0, sizeof *items);
    int is_buffer = read_buffer(obj, function, argument, items);
    if (is_buffer == 0) return read_iterable(obj, function, argument, take, items);
    return is_buffer;
}

int apart_bigints(const batch_items *items, int (*needs_gmp)(PyObject *), gs_bigint ***bigs) {
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

void free_bigints(gs_bigint **bigs, Py_ssize_t n) {
    if (!bigs) return;
    for (Py_ssize_t i = 0; i < n; i++) gs_bigint_destroy(bigs[i]);
    PyMem_Free(bigs);
}

/* Item i of a batch as a GMP integer: by its value, so a signed ('q') buffer's
 * -297 is -297, not 2^64 - 297 (found by Tests/Fuzz/fuzz_python.py). */
static void set_item(gs_bigint *x, const batch_items *items, Py_ssize_t i) {
    if (items->kind == GS_ITEMS_I64)
        gs_bigint_set_i64(x, (int64_t)items->values[i]);
    else
        gs_bigint_set_u64(x, items->values[i]);
}

/* Side i of one argument into x: the int set apart, or the 64-bit item. 0, or -1 with an exception. */
static int set_side(gs_bigint *x, const batch_items *items, Py_ssize_t i) {
    if (!(items->apart && items->apart[i])) {
        set_item(x, items, i);
        return 0;
    }
    gs_bigint *big = bigint_from_int(items->apart[i]);
    if (!big) return -1;
    gs_bigint_copy(x, big);
    gs_bigint_destroy(big);
    return 0;
}

int pair_bigints(const batch_items *a, const batch_items *b, gs_bigint ***big_a, gs_bigint ***big_b) {
    *big_a = *big_b = NULL;
    if (!a->n_apart && !b->n_apart) return 0;
    *big_a = PyMem_Calloc((size_t)a->n, sizeof **big_a);
    *big_b = PyMem_Calloc((size_t)a->n, sizeof **big_b);
    if (!*big_a || !*big_b) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < a->n; i++) {
        if (!(a->apart && a->apart[i]) && !(b->apart && b->apart[i])) continue;
        if (gs_bigint_create(&(*big_a)[i]) != GS_OK || gs_bigint_create(&(*big_b)[i]) != GS_OK) {
            PyErr_NoMemory();
            return -1;
        }
        if (set_side((*big_a)[i], a, i) < 0 || set_side((*big_b)[i], b, i) < 0) return -1;
    }
    return 0;
}
