/*
 * sampler.c - sample gaps, scale factors and the filter of recorded pointers.
 */
#include "sampler.h"

#include <math.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"

#define FILTER_BITS 20
#define FILTER_SLOTS (1u << FILTER_BITS)

__thread int64_t sampler_countdown __attribute__((tls_model("initial-exec")));
static __thread uint64_t rng_state __attribute__((tls_model("initial-exec")));

/* One saturating 8-bit counter per slot: how many recorded blocks hash there. */
static _Atomic uint8_t *_Atomic filter;

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

void sampler_scale(uint64_t size, int64_t *bytes, int64_t *blocks)
{
    if (hw_config.sample == 0) {
        *bytes = (int64_t)size;
        *blocks = 1;
        return;
    }
    double p = -expm1(-(double)size / (double)hw_config.sample);
    if (p <= 0)
        p = 1e-12;
    *bytes = llround((double)size / p);
    *blocks = llround(1.0 / p);
}

static inline _Atomic uint8_t *slot(_Atomic uint8_t *f, uintptr_t p)
{
    return &f[(uint32_t)(((uint64_t)(p >> 4) * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - FILTER_BITS))];
}

void sampler_note_recorded(uintptr_t p)
{
    _Atomic uint8_t *f = atomic_load_explicit(&filter, memory_order_acquire);
    if (!f) {
        _Atomic uint8_t *fresh = arena_map(FILTER_SLOTS);
        if (!fresh)
            return;
        if (atomic_compare_exchange_strong(&filter, &f, fresh))
            f = fresh;
        else
            arena_unmap((void *)fresh, FILTER_SLOTS);
    }
    _Atomic uint8_t *c = slot(f, p);
    uint8_t seen = atomic_load_explicit(c, memory_order_relaxed);
    /* A saturated counter stays saturated: its slot then always says "maybe", which is safe. */
    while (seen != 255 && !atomic_compare_exchange_weak_explicit(c, &seen, (uint8_t)(seen + 1),
                                                                 memory_order_relaxed, memory_order_relaxed))
        ;
}

void sampler_note_forgotten(uintptr_t p)
{
    _Atomic uint8_t *f = atomic_load_explicit(&filter, memory_order_acquire);
    if (!f)
        return;
    _Atomic uint8_t *c = slot(f, p);
    uint8_t seen = atomic_load_explicit(c, memory_order_relaxed);
    while (seen != 0 && seen != 255 &&
           !atomic_compare_exchange_weak_explicit(c, &seen, (uint8_t)(seen - 1), memory_order_relaxed,
                                                  memory_order_relaxed))
        ;
}

int sampler_filter_has(uintptr_t p)
{
    _Atomic uint8_t *f = atomic_load_explicit(&filter, memory_order_acquire);
    /* No filter yet (nothing recorded, or no memory for it): say "maybe" and let the table answer. */
    return !f || atomic_load_explicit(slot(f, p), memory_order_relaxed) != 0;
}
