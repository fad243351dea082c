/* CAffinity: the one call the Swift worker needs from Linux's CPU affinity API,
 * which Swift cannot import (sched_*affinity and the CPU_SET macros sit behind
 * _GNU_SOURCE). Not kernel logic, so not in CSupport. */
#ifndef CAFFINITY_H
#define CAFFINITY_H

/* Pins the calling thread to the index-th CPU (wrapping around) of the set the
 * process was started with. Returns the CPU, or -1 when the set is unknown or
 * the system refuses (a container's mask, a platform without affinity): the
 * thread then keeps the scheduler's choice. */
int caffinity_pin_current_thread(int index);

#endif
