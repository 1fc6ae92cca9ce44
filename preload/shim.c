/*
 * shim.c - the interposed malloc family: forward to the real allocator, then tell the tracker.
 *
 * Each function keeps glibc's contract exactly (alignment, errno, realloc(p, 0), failed
 * realloc keeping the old block, overflow checks); the tracker's work is invisible to the caller.
 * Three situations bypass tracking: before the real allocator is known (bootstrap memory), inside
 * heapwatch itself (the guard), and when heapwatch is disabled.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifecycle.h"
#include "real_alloc.h"
#include "sampler.h"
#include "sites.h"
#include "tracker.h"

#define EXPORT __attribute__((visibility("default")))

__thread int hw_guard_depth __attribute__((tls_model("initial-exec")));

static inline void *recorded(void *p, size_t size)
{
    if (p && hw_tracking_here() && sampler_take(size))
        tracker_on_alloc(p, size, SITE_NONE);
    return p;
}

EXPORT void *malloc(size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, 16);
    return recorded(hw_real.malloc(size), size);
}

EXPORT void free(void *p)
{
    if (!p || bootstrap_owns(p))
        return;
    if (!hw_ready())
        return; /* cannot happen: every pointer we handed out before resolution is bootstrap memory */
    if (hw_tracking_here() && sampler_may_hold(p))
        tracker_on_free(p, 0);
    hw_real.free(p);
}

EXPORT void *calloc(size_t n, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    if (!hw_ready()) {
        /* Bootstrap memory is static and never reused, hence already zero. */
        return bootstrap_alloc(bytes, 16);
    }
    return recorded(hw_real.calloc(n, size), bytes);
}

static void *realloc_bootstrap_block(void *old, size_t size)
{
    size_t old_size = bootstrap_size(old);
    void *fresh = malloc(size);
    if (fresh)
        memcpy(fresh, old, old_size < size ? old_size : size);
    return fresh;
}

EXPORT void *realloc(void *p, size_t size)
{
    if (!p)
        return malloc(size);
    if (bootstrap_owns(p))
        return realloc_bootstrap_block(p, size);
    if (!hw_ready())
        return NULL;
    if (!hw_tracking_here())
        return hw_real.realloc(p, size);

    struct block_record old;
    int tracked = tracker_detach(p, &old);
    void *q = hw_real.realloc(p, size);
    if (q || size == 0) {
        /* Moved, resized in place, or freed by realloc(p, 0): the old record is gone either way. */
        if (tracked)
            tracker_settle(&old);
        else
            tracker_count_untracked_free();
        return recorded(q, size);
    }
    if (tracked)
        tracker_reattach(p, &old);
    return NULL;
}

EXPORT void *reallocarray(void *p, size_t n, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, bytes);
}

static int power_of_two(size_t x) { return x && !(x & (x - 1)); }

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
    if (!hw_ready()) {
        if (!power_of_two(align) || align % sizeof(void *))
            return EINVAL;
        void *p = bootstrap_alloc(size, align);
        if (!p)
            return ENOMEM;
        *out = p;
        return 0;
    }
    int rc = hw_real.posix_memalign(out, align, size);
    if (rc == 0)
        recorded(*out, size);
    return rc;
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    return recorded(hw_real.aligned_alloc(align, size), size);
}

EXPORT void *memalign(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    return recorded(hw_real.memalign(align, size), size);
}

EXPORT void *valloc(size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, 4096);
    return recorded(hw_real.valloc(size), size);
}

EXPORT void *pvalloc(size_t size)
{
    if (!hw_ready()) {
        size_t page = 4096;
        return bootstrap_alloc((size + page - 1) & ~(page - 1), page);
    }
    return recorded(hw_real.pvalloc(size), size);
}

EXPORT size_t malloc_usable_size(void *p)
{
    if (!p)
        return 0;
    if (bootstrap_owns(p))
        return bootstrap_size(p);
    if (!hw_ready())
        return 0;
    return hw_real.malloc_usable_size(p);
}
