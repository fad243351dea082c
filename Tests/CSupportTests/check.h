/* check.h — what the C test suite's files share: CHECK, which counts a check
 * and reports a failure without stopping (main.c ends with the totals), the
 * seeded random numbers, and the suites main.c runs. */
#ifndef GILSWEEP_TESTS_CHECK_H
#define GILSWEEP_TESTS_CHECK_H

#include "reference.h"

#include <stdint.h>

extern int checks, failures;

/* Reports a failed check (format and its arguments say which); aborts after 50. */
void check_failed(const char *file, int line, const char *condition, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

#define CHECK(cond, ...) (checks++, (cond) ? (void)0 : check_failed(__FILE__, __LINE__, #cond, __VA_ARGS__))

/* SplitMix64 from a fixed seed: the same operands on every run. */
uint64_t next_random(void);

void test_status_and_flags(void);
void test_churn(void);
void test_gcd(void);
void test_is_prime_and_next_prime(void);
void test_count_primes(void);
void test_first_primes(void);
void test_batches(void);
void test_bigint_strings_and_values(void);
void test_bigint_bytes(void);
void test_bigint_gcd_and_primes(void);

#endif
