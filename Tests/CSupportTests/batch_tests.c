/* batch_tests.c — gs_is_prime_many, gs_next_prime_many and gs_gcd_many
 * (batch.c) over arrays of both item kinds, against the scalar kernels and
 * the references: exact-size arrays, NULLs, cancellation. */
#include "check.h"

#include <inttypes.h>
#include <string.h>

void test_batches(void) {
    enum { N = 5000 }; /* several CANCEL_EVERY blocks and a ragged end */
    uint64_t *values = exact_malloc(sizeof *values * N), *b = exact_malloc(sizeof *b * N);
    uint64_t *out64 = exact_malloc(sizeof *out64 * N);
    uint8_t *out8 = exact_malloc(N);
    for (size_t i = 0; i < N; i++) {
        uint64_t r = next_random();
        values[i] = i < 100 ? i : i < 200 ? UINT64_MAX - 300 + i : i < 300 ? (uint64_t)(-(int64_t)(i - 200))
                                                                           : r >> (r % 64);
        b[i] = next_random() >> (next_random() % 64);
        if (i % 7 == 0) b[i] = values[i] * 3;
    }
    values[N - 1] = (uint64_t)INT64_MIN;

    for (int kind = GS_ITEMS_U64; kind <= GS_ITEMS_I64; kind++) {
        CHECK(gs_is_prime_many(values, N, (gs_items)kind, out8, NULL) == GS_OK, "is_prime_many");
        for (size_t i = 0; i < N; i++) {
            int negative = kind == GS_ITEMS_I64 && (int64_t)values[i] < 0;
            CHECK(out8[i] == (negative ? 0 : ref_is_prime(values[i])), "is_prime_many[%zu] = %u for %" PRIu64, i,
                  out8[i], values[i]);
        }
        CHECK(gs_gcd_many(values, (gs_items)kind, b, GS_ITEMS_U64, N, out64, NULL) == GS_OK, "gcd_many");
        for (size_t i = 0; i < N; i++) {
            uint64_t a = ref_magnitude(values[i], (gs_items)kind);
            CHECK(out64[i] == ref_gcd(a, b[i]), "gcd_many[%zu]", i);
        }
        CHECK(gs_gcd_many(b, GS_ITEMS_U64, values, (gs_items)kind, N, out64, NULL) == GS_OK, "gcd_many swapped");
        for (size_t i = 0; i < N; i++) {
            uint64_t a = ref_magnitude(values[i], (gs_items)kind);
            CHECK(out64[i] == ref_gcd(b[i], a), "gcd_many swapped[%zu]", i);
        }
    }
    int64_t signed_pairs[4] = {INT64_MIN, 0, -12, -18};
    uint64_t pair_a[2] = {(uint64_t)signed_pairs[0], (uint64_t)signed_pairs[2]};
    uint64_t pair_b[2] = {(uint64_t)signed_pairs[1], (uint64_t)signed_pairs[3]};
    uint64_t pair_out[2];
    CHECK(gs_gcd_many(pair_a, GS_ITEMS_I64, pair_b, GS_ITEMS_I64, 2, pair_out, NULL) == GS_OK &&
              pair_out[0] == (uint64_t)1 << 63 && pair_out[1] == 6,
          "gcd_many(INT64_MIN, 0), (-12, -18)");

    /* next_prime_many: signed items (negatives give 2), then unsigned up to the failure. */
    size_t failed = 12345;
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_I64, out64, &failed, NULL) == GS_OK && failed == 12345,
          "next_prime_many signed");
    for (size_t i = 0; i < N; i++) {
        uint64_t expected;
        if ((int64_t)values[i] < 0) {
            expected = 2;
        } else {
            CHECK(gs_next_prime_u64(values[i], &expected) == GS_OK, "scalar");
        }
        CHECK(out64[i] == expected, "next_prime_many[%zu]", i);
    }
    /* Unsigned: values[100..199] run up to 2^64 - 102, below the largest prime; put one item past it. */
    uint64_t saved = values[150];
    values[150] = REF_LARGEST_PRIME;
    failed = 0;
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_U64, out64, &failed, NULL) == GS_OUT_OF_RANGE && failed == 150,
          "next_prime_many failure at %zu", failed);
    for (size_t i = 0; i < 150; i++) {
        uint64_t expected = 0;
        gs_next_prime_u64(values[i], &expected);
        CHECK(out64[i] == expected, "next_prime_many before the failure [%zu]", i);
    }
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_U64, out64, NULL, NULL) == GS_OUT_OF_RANGE, "NULL failed_index");
    values[150] = saved;

    /* n = 0 with NULL arrays; NULL arrays with n > 0; cancellation. */
    CHECK(gs_is_prime_many(NULL, 0, GS_ITEMS_U64, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_next_prime_many(NULL, 0, GS_ITEMS_U64, NULL, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_gcd_many(NULL, GS_ITEMS_U64, NULL, GS_ITEMS_U64, 0, NULL, NULL) == GS_OK, "n = 0");
    CHECK(gs_is_prime_many(NULL, 1, GS_ITEMS_U64, out8, NULL) == GS_INVALID_ARGUMENT, "NULL values");
    CHECK(gs_is_prime_many(values, 1, GS_ITEMS_U64, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    CHECK(gs_next_prime_many(NULL, 1, GS_ITEMS_U64, out64, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL values");
    CHECK(gs_next_prime_many(values, 1, GS_ITEMS_U64, NULL, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    CHECK(gs_gcd_many(NULL, GS_ITEMS_U64, b, GS_ITEMS_U64, 1, out64, NULL) == GS_INVALID_ARGUMENT, "NULL a");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, NULL, GS_ITEMS_U64, 1, out64, NULL) == GS_INVALID_ARGUMENT, "NULL b");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, b, GS_ITEMS_U64, 1, NULL, NULL) == GS_INVALID_ARGUMENT, "NULL out");
    int flag = 1;
    CHECK(gs_is_prime_many(values, N, GS_ITEMS_U64, out8, &flag) == GS_CANCELLED, "cancelled");
    CHECK(gs_next_prime_many(values, N, GS_ITEMS_I64, out64, NULL, &flag) == GS_CANCELLED, "cancelled");
    CHECK(gs_gcd_many(values, GS_ITEMS_U64, b, GS_ITEMS_U64, N, out64, &flag) == GS_CANCELLED, "cancelled");
    flag = 0;
    CHECK(gs_is_prime_many(values, N, GS_ITEMS_U64, out8, &flag) == GS_OK, "flag down");

    /* Exact-size single-item arrays: the kernels must not touch item 1. */
    uint64_t *one_value = exact_malloc(sizeof *one_value), *one_out = exact_malloc(sizeof *one_out);
    uint8_t *one_flag = exact_malloc(1);
    *one_value = 97;
    CHECK(gs_is_prime_many(one_value, 1, GS_ITEMS_U64, one_flag, NULL) == GS_OK && *one_flag == 1, "one item");
    CHECK(gs_next_prime_many(one_value, 1, GS_ITEMS_U64, one_out, NULL, NULL) == GS_OK && *one_out == 101, "one item");
    CHECK(gs_gcd_many(one_value, GS_ITEMS_U64, one_value, GS_ITEMS_I64, 1, one_out, NULL) == GS_OK && *one_out == 97,
          "one item");
    free(one_value);
    free(one_out);
    free(one_flag);
    free(values);
    free(b);
    free(out64);
    free(out8);
}
