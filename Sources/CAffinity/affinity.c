#define _GNU_SOURCE
#include "CAffinity.h"

#ifdef __linux__
#include <pthread.h>
#include <sched.h>

/* The set the process started with, read on first use: once threads are
 * pinned, a later read from a pinned thread would see only its own CPU. */
static cpu_set_t started_with;
static int started_count = -1;
static pthread_once_t read_once = PTHREAD_ONCE_INIT;

static void read_started_with(void) {
    CPU_ZERO(&started_with);
    started_count = sched_getaffinity(0, sizeof started_with, &started_with) == 0 ? CPU_COUNT(&started_with) : 0;
}

int caffinity_pin_current_thread(int index) {
    pthread_once(&read_once, read_started_with);
    if (started_count <= 0 || index < 0) return -1;
    int wanted = index % started_count;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &started_with) || wanted-- > 0) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        return sched_setaffinity(0, sizeof one, &one) == 0 ? cpu : -1;  /* 0: the calling thread */
    }
    return -1;
}
#else
int caffinity_pin_current_thread(int index) {
    (void)index;
    return -1;
}
#endif
