/* sieve_big.c — the big tier: stored primes from SPARSE_LIMIT up, at most a
 * few multiples per segment. Each waits in a bucket, one list per coming
 * segment, so a prime is touched only in the segments where it has a multiple
 * (Tomas Oliveira e Silva's bucket sieve; primesieve's EratBig). A prime joins
 * when the walk reaches its square. */
#include "sieve_tiers.h"

#include <stdlib.h>

enum { BUCKET_CAPACITY = 1024 }; /* entries of a bucket's first block */

static int bucket_push(bucket *b, bucket_entry e) {
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? 2 * b->capacity : BUCKET_CAPACITY;
        bucket_entry *grown = realloc(b->entries, capacity * sizeof *grown);
        if (!grown) return 0;
        b->entries = grown;
        b->capacity = capacity;
    }
    b->entries[b->count++] = e;
    return 1;
}

/* Files p's multiple at byte `offset` (from the walk's first byte) with
 * multiplier index j under its segment. */
static int bucket_file(big_tier *bt, uint64_t p, uint64_t offset, unsigned j) {
    uint64_t s = offset / SEGMENT_BYTES;
    if (s >= bt->nsegments) return 1;
    bucket_entry e = {(uint32_t)((p / 30) << 3 | BIT_OF_RESIDUE[p % 30]),
                      (uint32_t)((offset % SEGMENT_BYTES) << 3 | j)};
    return bucket_push(&bt->slots[s % bt->nslots], e);
}

/* Files the primes whose square is at most seg_top under the segment of their
 * first multiple. */
static int join_big_primes(big_tier *bt, uint64_t seg_top) {
    while (bt->joined < bt->count && (uint64_t)bt->primes[bt->joined] * bt->primes[bt->joined] <= seg_top) {
        sieving_prime sp;
        uint64_t p = bt->primes[bt->joined++];
        place(&sp, p, bt->first_byte);
        const unsigned ri = BIT_OF_RESIDUE[p % 30];
        uint64_t offset = (uint64_t)(sp.next + (int64_t)(p / 30) * Q_CYCLE[sp.j] + CARRY_TABLE[ri][sp.j]);
        if (!bucket_file(bt, p, offset, sp.j)) return 0;
    }
    return 1;
}

/* Crosses off the multiples listed for segment s (nbytes long) and files each
 * prime under the segment of its next multiple. */
static int sieve_bucket(big_tier *bt, uint64_t s, uint8_t *segment, uint32_t nbytes) {
    bucket *b = &bt->slots[s % bt->nslots];
    bucket_entry *e = b->entries, *end = e + b->count;
    for (; e < end; e++) {
        uint32_t a = e->a_ri >> 3, ri = e->a_ri & 7;
        uint32_t offset = e->offset_j >> 3, j = e->offset_j & 7;
        const uint8_t *clear = CLEAR_TABLE[ri], *step = STEP_CARRY_TABLE[ri];
        uint64_t pos = offset;
        while (pos < nbytes) {
            segment[pos] &= clear[j];
            pos += (uint64_t)a * Q_STEP[j] + step[j];
            j = (j + 1) & 7;
        }
        uint64_t next = s + pos / SEGMENT_BYTES;
        /* next == s: the walk's short last segment, past its end. */
        if (next >= bt->nsegments || next == s) continue;
        bucket_entry moved = {e->a_ri, (uint32_t)((pos % SEGMENT_BYTES) << 3 | j)};
        /* pos / SEGMENT_BYTES >= 1 and < nslots: never the slot being read. */
        if (!bucket_push(&bt->slots[next % bt->nslots], moved)) return 0;
    }
    b->count = 0;
    return 1;
}

int gs__big_tier_init(big_tier *bt, const uint32_t *primes, size_t count, uint64_t first_byte,
                      uint64_t total_bytes) {
    *bt = (big_tier){NULL, 0, (total_bytes + SEGMENT_BYTES - 1) / SEGMENT_BYTES, first_byte, primes, count, 0};
    if (count == 0) return 1;
    /* A multiple is at most 6a + 6 bytes past the previous one, and the first
     * at most 7a + 2 bytes past the walk's start. */
    uint64_t max_step = 7 * (uint64_t)(primes[count - 1] / 30) + 8;
    bt->nslots = (size_t)(max_step / SEGMENT_BYTES) + 2;
    bt->slots = calloc(bt->nslots, sizeof *bt->slots);
    return bt->slots != NULL;
}

int gs__big_tier_sieve(big_tier *bt, uint8_t *segment, uint64_t seg_first, uint32_t nbytes, uint64_t seg_top) {
    if (!bt->slots) return 1;
    return join_big_primes(bt, seg_top) &&
           sieve_bucket(bt, (seg_first - bt->first_byte) / SEGMENT_BYTES, segment, nbytes);
}

void gs__big_tier_free(big_tier *bt) {
    if (!bt->slots) return;
    for (size_t i = 0; i < bt->nslots; i++) free(bt->slots[i].entries);
    free(bt->slots);
    bt->slots = NULL;
}
