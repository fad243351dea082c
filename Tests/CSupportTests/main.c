/* main.c — the C test suite of CSupport/: every public function of
 * CSupport/include/CSupport.h checked against the references of reference.h,
 * one file a concern (status_churn_gcd_tests.c, primes_tests.c,
 * batch_tests.c, bigint_tests.c). Run by `make sanitize-c` (part of make
 * test).
 *
 * The Makefile compiles these files together with every CSupport C file under
 * AddressSanitizer and UndefinedBehaviorSanitizer with
 * -fno-sanitize-recover=all, so an out-of-bounds access, a use after free or
 * undefined behaviour in a kernel aborts the run and a leak fails it at exit;
 * the checks make it a real test as well: a wrong answer fails it too. Arrays
 * handed to the kernels are heap blocks of exactly the size the contract
 * allows (exact_malloc), so ASan sees a write one past the end. Not part of
 * any Swift target: SwiftPM ignores this folder, since no target names it. */
#include "check.h"

#include <stdarg.h>
#include <time.h>

int failures = 0;
int checks = 0;

static uint64_t splitmix_state = 0x9E3779B97F4A7C15u;

void check_failed(const char *file, int line, const char *condition, const char *format, ...) {
    failures++;
    fprintf(stderr, "%s:%d: check failed: %s: ", file, line, condition);
    va_list arguments;
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
    if (failures > 50) abort();
}

uint64_t next_random(void) {
    uint64_t z = (splitmix_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

int main(void) {
    struct {
        const char *name;
        void (*run)(void);
    } tests[] = {
        {"status and cancellation flags", test_status_and_flags},
        {"churn", test_churn},
        {"gcd", test_gcd},
        {"is_prime and next_prime", test_is_prime_and_next_prime},
        {"count_primes", test_count_primes},
        {"first_primes", test_first_primes},
        {"batches", test_batches},
        {"bigint strings and values", test_bigint_strings_and_values},
        {"bigint bytes", test_bigint_bytes},
        {"bigint gcd and primes", test_bigint_gcd_and_primes},
    };
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        int before = failures;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        tests[i].run();
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
        printf("%-32s %s (%.2f s)\n", tests[i].name, failures == before ? "ok" : "FAILED", seconds);
    }
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
