/*
 * sampler.c - sample gaps and scale factors.
 */
#include "sampler.h"

#include <math.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>


__thread int64_t sampler_countdown __attribute__((tls_model("initial-exec")));
static __thread uint64_t rng_state __attribute__((tls_model("initial-exec")));

static uint64_t next_random(void)
{
    if (!rng_state) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        rng_state = ((uint64_t)syscall(SYS_gettid) << 32 ^ (uint64_t)ts.tv_nsec) | 1;
    }
    /* xorshift64*: plenty for choosing sample gaps. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

int sampler_hit(void)
{
    /* Uniform in (0, 1], then an exponential gap of mean hw_config.sample bytes. */
    double u = ((double)(next_random() >> 11) + 1.0) / 9007199254740992.0;
    sampler_countdown = (int64_t)(-log(u) * (double)hw_config.sample) + 1;
    return 1;
}

void sampler_scale_sampled(uint64_t size, int64_t *bytes, int64_t *blocks)
{
    double p = -expm1(-(double)size / (double)hw_config.sample);
    if (p <= 0)
        p = 1e-12;
    *bytes = llround((double)size / p);
    *blocks = llround(1.0 / p);
}
