/* batch.c — the 64-bit kernels applied to many items in one call.
 *
 * Why: a 64-bit is_prime takes well under a microsecond and a 64-bit gcd about
 * 50 ns, less than a Python caller pays to give up and retake its GIL, so one
 * call per item cannot scale across threads (see the sweep). One call for many
 * items lets the caller release its lock once. Each item gets exactly the
 * scalar kernel's answer; nothing here is a second implementation. */
#include "CSupport.h"

/* Items between two reads of the cancellation flag: a few hundred µs at most. */
enum { CANCEL_EVERY = 1024 };

static int cancelled(const int *cancel) {
    return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0;
}

/* Signed items are int64_t in two's complement; their magnitude as unsigned. */
static uint64_t magnitude(uint64_t item, gs_items kind) {
    return kind == GS_ITEMS_I64 && (int64_t)item < 0 ? 0 - item : item;
}

static int negative(uint64_t item, gs_items kind) {
    return kind == GS_ITEMS_I64 && (int64_t)item < 0;
}

gs_status gs_is_prime_many(const uint64_t *values, size_t n, gs_items kind, uint8_t *out, const int *cancel) {
    if (n > 0 && (!values || !out)) return GS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        if (i % CANCEL_EVERY == 0 && cancelled(cancel)) return GS_CANCELLED;
        out[i] = negative(values[i], kind) ? 0 : (uint8_t)gs_is_prime_u64(values[i]);
    }
    return GS_OK;
}

gs_status gs_next_prime_many(const uint64_t *values, size_t n, gs_items kind, uint64_t *out,
                             size_t *failed_index, const int *cancel) {
    if (n > 0 && (!values || !out)) return GS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        if (i % CANCEL_EVERY == 0 && cancelled(cancel)) return GS_CANCELLED;
        if (negative(values[i], kind)) {
            out[i] = 2; /* as next_prime(n) for every n < 2 */
        } else if (gs_next_prime_u64(values[i], &out[i]) != GS_OK) {
            if (failed_index) *failed_index = i;
            return GS_OUT_OF_RANGE;
        }
    }
    return GS_OK;
}

gs_status gs_gcd_many(const uint64_t *a, gs_items a_kind, const uint64_t *b, gs_items b_kind, size_t n,
                      uint64_t *out, const int *cancel) {
    if (n > 0 && (!a || !b || !out)) return GS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        if (i % CANCEL_EVERY == 0 && cancelled(cancel)) return GS_CANCELLED;
        out[i] = gs_gcd_u64(magnitude(a[i], a_kind), magnitude(b[i], b_kind));
    }
    return GS_OK;
}
