/*
 * monotonic.h - milliseconds on the monotonic clock.
 *
 * The one time base for every deadline in the demo server and client: a wall-clock jump (NTP,
 * a suspended VM) must neither fire every timeout at once nor postpone them.
 */
#ifndef DEMO_MONOTONIC_H
#define DEMO_MONOTONIC_H

#include <stdint.h>
#include <time.h>

static inline uint64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Seconds (as the options give them) to milliseconds, rounded to the nearest. */
static inline uint64_t seconds_to_ms(double seconds)
{
    return (uint64_t)(seconds * 1000.0 + 0.5);
}

#endif
