/* churn.c — Beazley's 2009 spin loop, the work knob of the GIL sweep. */
#include "CSupport.h"

void gs_churn(int64_t n) {
    while (n > 0) {
        n--;
        /* The empty asm claims to read and write n, so the optimizer can neither
         * delete the loop nor replace it with `n = 0`: cost stays linear in n. */
        __asm__ volatile("" : "+r"(n));
    }
}
