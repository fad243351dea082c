/* status_churn_gcd_tests.c — gs_status_message, the cancellation flags,
 * gs_churn and the 64-bit gcd (status.c, churn.c, gcd.c). */
#include "check.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ status, churn */

void test_status_and_flags(void) {
    const int codes[] = {GS_OK, GS_INVALID_ARGUMENT, GS_OUT_OF_RANGE, GS_OUT_OF_MEMORY,
                         GS_CANCELLED, GS_BUFFER_TOO_SMALL};
    const char *seen[6];
    for (int i = 0; i < 6; i++) {
        seen[i] = gs_status_message(codes[i]);
        CHECK(seen[i] && *seen[i], "status %d", codes[i]);
        for (int j = 0; j < i; j++) CHECK(strcmp(seen[i], seen[j]) != 0, "%d and %d share a message", i, j);
    }
    CHECK(strcmp(gs_status_message(GS_OK), "ok") == 0, "%s", gs_status_message(GS_OK));
    CHECK(strcmp(gs_status_message(12345), "unknown status") == 0, "%s", gs_status_message(12345));
    CHECK(strcmp(gs_status_message(-2147483647 - 1), "unknown status") == 0, "INT_MIN");

    int flag = 0;
    gs_cancel_flag_raise(&flag);
    CHECK(flag == 1, "%d", flag);
    gs_cancel_flag_clear(&flag);
    CHECK(flag == 0, "%d", flag);
    gs_cancel_flag_raise(NULL); /* documented as ignored */
    gs_cancel_flag_clear(NULL);
}

void test_churn(void) {
    const int64_t ns[] = {INT64_MIN, -1, 0, 1, 2, 1000, 1000003};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) gs_churn(ns[i]);
    /* Linear cost: 10^8 iterations take measurably longer than none. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gs_churn(100000000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    CHECK(seconds > 0.005, "churn(10^8) took %g s: the loop was optimized away", seconds);
}

/* ---------------------------------------------------------------------- gcd */

void test_gcd(void) {
    const uint64_t edges[] = {0, 1, 2, 3, 4, 6, 12, 1u << 31, (uint64_t)1 << 32, ((uint64_t)1 << 63) - 1,
                              (uint64_t)1 << 63, UINT64_MAX - 1, UINT64_MAX, REF_LARGEST_PRIME};
    const size_t ne = sizeof edges / sizeof *edges;
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++)
            CHECK(gs_gcd_u64(edges[i], edges[j]) == ref_gcd(edges[i], edges[j]), "gcd(%" PRIu64 ", %" PRIu64 ")",
                  edges[i], edges[j]);
    for (int i = 0; i < 20000; i++) {
        uint64_t g = next_random() >> (next_random() % 64);
        uint64_t a = next_random() >> (next_random() % 64), b = next_random() >> (next_random() % 64);
        if (i % 2) { /* a large common factor now and then */
            a = (a >> 32) * (g >> 32);
            b = (b >> 32) * (g >> 32);
        }
        CHECK(gs_gcd_u64(a, b) == ref_gcd(a, b), "gcd(%" PRIu64 ", %" PRIu64 ")", a, b);
    }
    CHECK(gs_gcd_i64(INT64_MIN, 0) == (uint64_t)1 << 63, "gcd(INT64_MIN, 0)");
    CHECK(gs_gcd_i64(0, INT64_MIN) == (uint64_t)1 << 63, "gcd(0, INT64_MIN)");
    CHECK(gs_gcd_i64(INT64_MIN, INT64_MIN) == (uint64_t)1 << 63, "gcd(INT64_MIN, INT64_MIN)");
    CHECK(gs_gcd_i64(INT64_MIN, INT64_MAX) == 1, "gcd(INT64_MIN, INT64_MAX)");
    CHECK(gs_gcd_i64(-12, 18) == 6, "gcd(-12, 18)");
    CHECK(gs_gcd_i64(-12, -18) == 6, "gcd(-12, -18)");
    CHECK(gs_gcd_i64(0, 0) == 0, "gcd(0, 0)");
    for (int i = 0; i < 5000; i++) {
        int64_t a = (int64_t)next_random(), b = (int64_t)(next_random() >> (next_random() % 64));
        uint64_t ma = a < 0 ? 0 - (uint64_t)a : (uint64_t)a, mb = b < 0 ? 0 - (uint64_t)b : (uint64_t)b;
        CHECK(gs_gcd_i64(a, b) == ref_gcd(ma, mb), "gcd_i64(%" PRId64 ", %" PRId64 ")", a, b);
    }
}
