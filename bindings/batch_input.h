/* batch_input.h — reading the input of a batch kernel (batch_kernels.c), with
 * the GIL held, before anything is computed: so an error names its item and
 * leaves nothing half-done.
 *
 * Two kinds of input:
 *  - an object with the buffer protocol holding 64-bit integers (array('Q'),
 *    array('q'), NumPy uint64/int64, memoryview): read in place (copied once,
 *    8 bytes an item, only when not contiguous), no Python int per item;
 *  - any other iterable of ints: converted item by item, and the items the
 *    64-bit kernels cannot take (ints of 2**64 and more, and for next_prime
 *    those whose next prime is above 2**64) set apart, to go to GMP. */
#ifndef GILSWEEP_BATCH_INPUT_H
#define GILSWEEP_BATCH_INPUT_H

#include "helpers.h"

#pragma GCC visibility push(hidden)

/* The items of one batch argument. */
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

/* How a kernel's 64-bit path takes an int: 1 with *out set, 0 when it goes apart. */
typedef int (*item_reader)(PyObject *value, uint64_t *out);

/* Reads obj, a buffer or an iterable, into items (always safe to free after):
 * 1 for a buffer, 0 for an iterable, -1 with an exception naming the function,
 * the argument (NULL for a single-argument function) and the first bad item. */
int read_items(PyObject *obj, const char *function, const char *argument, item_reader take, batch_items *items);
void batch_items_free(batch_items *items);

/* Into *bigs: a new GMP integer for each item set apart that needs_gmp, or no
 * array at all (NULL) when no item was set apart, as for every buffer: a batch
 * of 10^7 items must not pay for 10^7 empty slots. 0, or -1 with an exception. */
int apart_bigints(const batch_items *items, int (*needs_gmp)(PyObject *), gs_bigint ***bigs);

/* For two equally long arguments: both sides of every pair with a side set
 * apart as GMP integers, in *big_a and *big_b (NULL when no item was set
 * apart). 0, or -1 with an exception; free both with free_bigints either way. */
int pair_bigints(const batch_items *a, const batch_items *b, gs_bigint ***big_a, gs_bigint ***big_b);

void free_bigints(gs_bigint **bigs, Py_ssize_t n);

#pragma GCC visibility pop

#endif
