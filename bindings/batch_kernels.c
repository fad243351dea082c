/* batch_kernels.c — is_prime_many, next_prime_many and gcd_many: one call,
 * many items, the GIL released (or not) once for the whole batch.
 *
 * Each kernel reads its arguments first (batch_input.c: buffers in place,
 * iterables item by item, ints too big for 64 bits set apart for GMP), then
 * runs the 64-bit batch kernel of CSupport and GMP for the items set apart
 * inside the same release, then goes through the one result tail of all three
 * (run_batch): an exception for a failed status, the raw answers in a
 * bytearray when every argument was a buffer (one byte per bool, or native
 * uint64; gilsweep/_batch.py turns it into the caller's kind of buffer), else
 * a list of ints. */
#include "batch_input.h"

#include <string.h>

/* Batches at least this long listen for Ctrl-C (a sigaction pair costs ~1 µs). */
#define INTERRUPTIBLE_ITEMS 100000

/* What one batch call works on; the GMP arrays are NULL when no item went apart. */
typedef struct {
    const batch_items *a, *b; /* b: gcd_many's second argument */
    gs_bigint **big_a, **big_b;
    void *out;                /* the answers, in the result bytearray */
    size_t failed;            /* next_prime_many: the item whose next prime is past 2**64 */
} batch_job;

/* The parts of a batch kernel that differ; run_batch does the rest. */
typedef struct {
    const char *name;
    int kernel;           /* its KERNEL_ index, for the auto threshold */
    item_reader take;     /* which ints the 64-bit path takes */
    int (*needs_gmp)(PyObject *value); /* which ints set apart go to GMP (single-argument kernels) */
    size_t answer_bytes;  /* per item in the raw answers */
    gs_status (*run)(batch_job *job, const int *cancel); /* without the GIL: no Python API */
    PyObject *(*answer)(const batch_job *job, Py_ssize_t i); /* item i of a list result */
    int (*own_error)(const batch_job *job, gs_status status, int buffers); /* optional: 1 if it set one */
} batch_kernel;

/* Runs k over n items under the policy, then the one result tail. */
static PyObject *run_batch(gil_policy policy, const batch_kernel *k, batch_job *job, Py_ssize_t n, int buffers) {
    PyObject *answers = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)k->answer_bytes);
    if (!answers) return NULL;
    job->out = PyByteArray_AS_STRING(answers);
    const int *cancel = interrupt_begin(n >= INTERRUPTIBLE_ITEMS);
    gs_status status;
    RUN_KERNEL(policy, k->kernel, (long long)n, status = k->run(job, cancel));
    interrupt_end(cancel);
    PyObject *result = NULL;
    if (status == GS_CANCELLED) {
        interrupted(k->name);
    } else if (status != GS_OK) {
        if (!k->own_error || !k->own_error(job, status, buffers)) status_error(k->name, status);
    } else if (buffers) {
        result = answers;
        Py_INCREF(result);
    } else if ((result = PyList_New(n))) {
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = k->answer(job, i);
            if (!item) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(result, i, item);
        }
    }
    Py_DECREF(answers);
    return result;
}

/* is_prime_many and next_prime_many: one argument, its items set apart through GMP. */
static PyObject *one_argument_batch(gil_policy policy, const batch_kernel *k, PyObject *values) {
    batch_items items;
    batch_job job = {&items};
    PyObject *result = NULL;
    if (read_items(values, k->name, NULL, k->take, &items) >= 0 && apart_bigints(&items, k->needs_gmp, &job.big_a) == 0)
        result = run_batch(policy, k, &job, items.n, items.is_buffer);
    free_bigints(job.big_a, items.n);
    batch_items_free(&items);
    return result;
}

static int is_positive(PyObject *v) { return compat_long_sign(v) > 0; }
static int is_non_negative(PyObject *v) { return compat_long_sign(v) >= 0; }

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

static gs_status is_prime_run(batch_job *job, const int *cancel) {
    const batch_items *items = job->a;
    uint8_t *out = job->out;
    gs_status status = gs_is_prime_many(items->values, (size_t)items->n, items->kind, out, cancel);
    for (Py_ssize_t i = 0; status == GS_OK && i < items->n; i++) {
        if (items->apart && items->apart[i]) {
            int answer = 0; /* negative items have no bigint: not prime */
            if (job->big_a && job->big_a[i]) status = gs_bigint_probab_prime(job->big_a[i], 25, &answer);
            out[i] = answer != 0;
        }
    }
    return status;
}

static PyObject *is_prime_answer(const batch_job *job, Py_ssize_t i) {
    return PyBool_FromLong(((const uint8_t *)job->out)[i]);
}

/* Negative items have no GMP integer: not prime. */
static const batch_kernel IS_PRIME_MANY = {"is_prime_many", KERNEL_is_prime_many, take_for_is_prime, is_positive, 1,
                                           is_prime_run, is_prime_answer, NULL};

PyObject *is_prime_many_under(gil_policy policy, PyObject *values) {
    return one_argument_batch(policy, &IS_PRIME_MANY, values);
}

/* --------------------------------------------------------- next_prime_many */

/* The largest 64-bit prime: every n >= it has its next prime above 2**64. */
#define LARGEST_U64_PRIME 18446744073709551557ULL

static int take_for_next_prime(PyObject *v, uint64_t *out) {
    return take_for_is_prime(v, out) && *out < LARGEST_U64_PRIME;
}

static gs_status next_prime_run(batch_job *job, const int *cancel) {
    const batch_items *items = job->a;
    gs_status status = gs_next_prime_many(items->values, (size_t)items->n, items->kind, job->out, &job->failed, cancel);
    for (Py_ssize_t i = 0; job->big_a && status == GS_OK && i < items->n; i++)
        if (job->big_a[i]) status = gs_bigint_next_prime(job->big_a[i], job->big_a[i]);
    return status;
}

static PyObject *next_prime_answer(const batch_job *job, Py_ssize_t i) {
    if (job->big_a && job->big_a[i]) return int_from_bigint(job->big_a[i]);
    if (job->a->apart[i]) return PyLong_FromLong(2); /* a negative item */
    return PyLong_FromUnsignedLongLong(((const uint64_t *)job->out)[i]);
}

/* A buffer cannot hold a next prime past 2**64; a list would (through GMP). */
static int next_prime_error(const batch_job *job, gs_status status, int buffers) {
    if (status != GS_OUT_OF_RANGE || !buffers) return 0;
    PyErr_Format(PyExc_OverflowError,
                 "next_prime_many(): the next prime after item %zu (%llu) is above 2**64 and cannot be "
                 "stored in a 64-bit buffer; pass a list to get ints of any size",
                 job->failed, (unsigned long long)job->a->values[job->failed]);
    return 1;
}

/* Negative items get 2, no GMP. */
static const batch_kernel NEXT_PRIME_MANY = {"next_prime_many", KERNEL_next_prime_many, take_for_next_prime,
                                             is_non_negative, 8, next_prime_run, next_prime_answer, next_prime_error};

PyObject *next_prime_many_under(gil_policy policy, PyObject *values) {
    return one_argument_batch(policy, &NEXT_PRIME_MANY, values);
}

/* ---------------------------------------------------------------- gcd_many */

static gs_status gcd_run(batch_job *job, const int *cancel) {
    const batch_items *a = job->a, *b = job->b;
    gs_status status = gs_gcd_many(a->values, a->kind, b->values, b->kind, (size_t)a->n, job->out, cancel);
    for (Py_ssize_t i = 0; job->big_a && status == GS_OK && i < a->n; i++)
        if (job->big_a[i]) status = gs_bigint_gcd(job->big_a[i], job->big_a[i], job->big_b[i]);
    return status;
}

static PyObject *gcd_answer(const batch_job *job, Py_ssize_t i) {
    if (job->big_a && job->big_a[i]) return int_from_bigint(job->big_a[i]);
    return PyLong_FromUnsignedLongLong(((const uint64_t *)job->out)[i]);
}

/* Both sides of a pair with a side set apart go to GMP (pair_bigints). */
static const batch_kernel GCD_MANY = {"gcd_many", KERNEL_gcd_many, magnitude_u64, NULL, 8, gcd_run, gcd_answer, NULL};

static int equally_long(const batch_items *a, const batch_items *b) {
    if (a->n == b->n) return 1;
    PyErr_Format(PyExc_ValueError, "gcd_many(): a has %zd items but b has %zd; they must be equally long", a->n,
                 b->n);
    return 0;
}

PyObject *gcd_many_under(gil_policy policy, PyObject *a_obj, PyObject *b_obj) {
    batch_items a, b;
    memset(&b, 0, sizeof b);
    batch_job job = {&a, &b};
    PyObject *result = NULL;
    if (read_items(a_obj, GCD_MANY.name, "a", GCD_MANY.take, &a) >= 0 &&
        read_items(b_obj, GCD_MANY.name, "b", GCD_MANY.take, &b) >= 0 && equally_long(&a, &b) &&
        pair_bigints(&a, &b, &job.big_a, &job.big_b) == 0)
        result = run_batch(policy, &GCD_MANY, &job, a.n, a.is_buffer && b.is_buffer);
    free_bigints(job.big_a, a.n);
    free_bigints(job.big_b, a.n);
    batch_items_free(&a);
    batch_items_free(&b);
    return result;
}
