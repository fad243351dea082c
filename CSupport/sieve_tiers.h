/* sieve_tiers.h — internal: the tiers of sieving primes, as the walk in
 * sieve.c calls them, one file a tier (sieve.c's opening comment walks over
 * them in order), and the sieving primes they are given. Each tier sieves a
 * whole window or segment per call, so the loop over its primes and the
 * crossing off stay inline in the tier's file. */
#ifndef GILSWEEP_SIEVE_TIERS_H
#define GILSWEEP_SIEVE_TIERS_H

#include "sieve_wheel.h"

/* Sizes and tier limits; the -D overrides exist to try other cache sizes. */
#ifndef GS_WINDOW_KB
#define GS_WINDOW_KB 32
#endif
#ifndef GS_SEGMENT_KB
#define GS_SEGMENT_KB 256
#endif
#ifndef GS_SMALL_LIMIT
#define GS_SMALL_LIMIT 4096
#endif
#ifndef GS_MEDIUM_LIMIT
#define GS_MEDIUM_LIMIT 65536
#endif
enum {
    WINDOW_BYTES = GS_WINDOW_KB * 1024,   /* L1: the small primes' window */
    SEGMENT_BYTES = GS_SEGMENT_KB * 1024, /* L2: 7.9 million numbers per segment */
    SMALL_LIMIT = GS_SMALL_LIMIT,         /* primes below: 8+ turns per window */
    MEDIUM_LIMIT = GS_MEDIUM_LIMIT,       /* primes below: unrolled turns over the L2 segment */
    SPARSE_LIMIT = 2 * SEGMENT_BYTES,     /* primes below: stepped; from here: buckets */
    STORED_PRIME_LIMIT = 1 << 22,         /* base primes kept with their state */
    CHUNK_BYTES = 32 << 20,               /* streaming: numbers sieved per regeneration */
    PRESIEVE_GROUPS_MAX = 4,
    WIDE_RANGE_BYTES = 16 * SEGMENT_BYTES, /* from here: the full pre-sieve repays its build */
};

static inline int cancelled(const int *cancel) {
    return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0;
}

/* ---------------------------------- sieving primes (sieve_sieving_primes.c) */

/* The primes in (after, limit] in order (limit <= STORED_PRIME_LIMIT): the
 * walk's stored sieving primes. *out is NULL when there are none. */
gs_status gs__stored_primes(uint64_t after, uint64_t limit, uint32_t **out, size_t *count);

/* Clears the numbers outside [lo, hi) in bytes[0, n) (absolute byte
 * first_byte) when these hold the range's first or last byte. */
void gs__mask_ends(uint8_t *bytes, size_t n, uint64_t first_byte, uint64_t lo, uint64_t hi);

/* The streamed tier's primes: [lo, hi) (hi <= 2^32) segment by segment to
 * visit, as gs__sieve_walk does, from a small sieve that uses only the
 * pre-sieve and the small tier's loop, so that no tier has to call the walk. */
gs_status gs__sieving_primes_walk(uint64_t lo, uint64_t hi, const int *cancel,
                                  gs__segment_visitor visit, void *context);

/* ---------------------------------------------- pre-sieve (sieve_presieve.c) */

/* Up to four patterns; pattern k repeats every period[k] bytes and is stored
 * with WINDOW_BYTES more so a window is read without wrapping. */
typedef struct {
    uint8_t *data[PRESIEVE_GROUPS_MAX];
    size_t period[PRESIEVE_GROUPS_MAX];
    size_t offset[PRESIEVE_GROUPS_MAX]; /* where the next window starts in each pattern */
    int count;
    uint32_t largest; /* the largest pre-sieved prime */
} presieve;

/* The first `groups` patterns (1..PRESIEVE_GROUPS_MAX), aligned to first_byte.
 * 0 when out of memory (nothing to free then). */
int gs__presieve_init(presieve *ps, int groups, uint64_t first_byte);
void gs__presieve_free(presieve *ps);

/* window[0, n) (n <= WINDOW_BYTES, starting at the absolute byte first_byte)
 * from the patterns, with the pre-sieved primes themselves set and 1 cleared;
 * advances the patterns to the next window. */
void gs__presieve_fill(presieve *ps, uint8_t *window, size_t n, uint64_t first_byte);

/* ------------------------------------------ small and medium (sieve_small.c) */

/* Crosses off the multiples of primes[0, count) in segment[0, nbytes), a
 * whole wheel turn per step with 8 unrolled stores, and leaves each prime
 * placed for the segment that follows. The small tier calls it per L1 window,
 * the medium tier per L2 segment. */
void gs__cross_off_turns(uint8_t *segment, int64_t nbytes, sieving_prime *primes, size_t count);

/* ---------------------------------------------------- sparse (sieve_sparse.c) */

/* The same for primes with a few dozen multiples per segment at most,
 * stepped multiple by multiple. */
void gs__cross_off_sparse(uint8_t *segment, int64_t nbytes, sieving_prime *primes, size_t count);

/* ---------------------------------------------------------- big (sieve_big.c) */

/* A big prime in a bucket: a = p / 30 and the residue index of p in one word,
 * the byte of its next multiple within that multiple's segment and the
 * multiplier index j in the other. */
typedef struct {
    uint32_t a_ri;
    uint32_t offset_j;
} bucket_entry;

/* The big primes whose next multiple falls in one coming segment. */
typedef struct {
    bucket_entry *entries;
    size_t count, capacity;
} bucket;

typedef struct {
    bucket *slots;          /* slot s % nslots: the big primes for segment s; NULL: no big primes */
    size_t nslots;
    uint64_t nsegments;     /* segments in the walk; multiples beyond are dropped */
    uint64_t first_byte;    /* the walk's first byte */
    const uint32_t *primes; /* the big primes, ascending; the first `joined` are in buckets */
    size_t count, joined;
} big_tier;

/* For primes[0, count) over a walk of total_bytes from first_byte; 0 when out
 * of memory (free it all the same). */
int gs__big_tier_init(big_tier *bt, const uint32_t *primes, size_t count, uint64_t first_byte,
                      uint64_t total_bytes);

/* Crosses off the big primes' multiples in the segment at absolute byte
 * seg_first (nbytes long, its last number seg_top), after filing the primes
 * whose square the segment reaches. 0 when out of memory. */
int gs__big_tier_sieve(big_tier *bt, uint8_t *segment, uint64_t seg_first, uint32_t nbytes, uint64_t seg_top);
void gs__big_tier_free(big_tier *bt);

/* ------------------------------------------------- streamed (sieve_streamed.c) */

/* The bins of the streamed tier, kept from chunk to chunk; zero to start. */
typedef struct {
    uint32_t *bins;
    uint32_t *filled;
} streamed_tier;

/* Crosses off, in chunk[0, nbytes) (absolute byte first_byte, last number
 * top), the multiples of the primes in (STORED_PRIME_LIMIT, sqrt(top)],
 * generated by an inner walk. GS_OK, GS_OUT_OF_MEMORY or GS_CANCELLED. */
gs_status gs__streamed_sieve_chunk(streamed_tier *st, uint8_t *chunk, uint64_t first_byte, size_t nbytes,
                                   uint64_t top, const int *cancel);
void gs__streamed_free(streamed_tier *st);

#endif
