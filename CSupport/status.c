/* status.c — messages for gs_status codes. */
#include "CSupport.h"

const char *gs_status_message(int status) {
    switch (status) {
    case GS_OK: return "ok";
    case GS_INVALID_ARGUMENT: return "invalid argument";
    case GS_OUT_OF_RANGE: return "value out of range";
    case GS_OUT_OF_MEMORY: return "out of memory";
    case GS_CANCELLED: return "cancelled";
    case GS_BUFFER_TOO_SMALL: return "buffer too small";
    default: return "unknown status";
    }
}

/* Atomic stores so a flag raised on one thread (or in a signal handler) is
 * seen by a sieve running on another; the sieve reads it between segments. */
void gs_cancel_flag_raise(int *flag) {
    if (flag) __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
}

void gs_cancel_flag_clear(int *flag) {
    if (flag) __atomic_store_n(flag, 0, __ATOMIC_RELEASE);
}
