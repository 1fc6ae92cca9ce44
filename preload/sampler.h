/*
 * sampler.h - HEAPWATCH_SAMPLE: record about one allocation per N bytes, and scale it up.
 *
 * Sampling is by bytes, as tcmalloc and jemalloc do: sample points fall on the allocated byte
 * stream as a Poisson process of mean gap N, so a block of s bytes is sampled with probability
 * p(s) = 1 - exp(-s/N). Counting each sampled block as 1/p(s) blocks and s/p(s) bytes makes the
 * estimated figures per stack unbiased. Unsampled blocks carry no tag (block_tag.h), so their
 * frees cost one test of the word before the block and nothing else.
 */
#ifndef HEAPWATCH_SAMPLER_H
#define HEAPWATCH_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

extern __thread int64_t sampler_countdown __attribute__((tls_model("initial-exec")));

/* Draws the next gap; returns 1 (the allocation is sampled). */
int sampler_hit(void);

/*
 * The fast path of malloc and realloc under sampling: whether `size` more bytes stay short of the
 * next sample point, in which case they are counted off here and the block is not recorded. Never
 * true when tracking everything: the countdown is only ever set by sampler_hit, so it stays 0 and
 * every allocation goes on to sampler_take. Outside sampler_take the countdown is never negative.
 */
static inline int sampler_passes_over(size_t size)
{
    if (__builtin_expect(size < (uint64_t)sampler_countdown, 1)) {
        sampler_countdown -= (int64_t)size;
        return 1;
    }
    return 0;
}

/* Whether an allocation of `size` bytes is to be recorded. */
static inline int sampler_take(size_t size)
{
    if (__builtin_expect(hw_config.sample == 0, 1))
        return 1;
    sampler_countdown -= (int64_t)size;
    if (sampler_countdown > 0)
        return 0;
    return sampler_hit();
}

void sampler_scale_sampled(uint64_t size, int64_t *bytes, int64_t *blocks);

/* The figures one recorded block of `size` bytes stands for. */
static inline void sampler_scale(uint64_t size, int64_t *bytes, int64_t *blocks)
{
    if (__builtin_expect(hw_config.sample == 0, 1)) {
        *bytes = (int64_t)size;
        *blocks = 1;
        return;
    }
    sampler_scale_sampled(size, bytes, blocks);
}

#endif
