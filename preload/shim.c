/*
 * shim.c - the interposed malloc family: forward to the real allocator, then tell the tracker.
 *
 * A recorded block is requested tracker_room() bytes larger and handed out past them: its tag
 * sits in front (block_tag.h), and malloc_usable_size counts from the program's pointer. If the
 * larger request fails, the original one is retried and the block simply goes unrecorded, so
 * heapwatch never turns a success into a failure. Each function keeps glibc's contract exactly:
 * alignment, errno, realloc(p, 0), a failed realloc keeping the old block, overflow checks.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifecycle.h"
#include "real_alloc.h"
#include "sites.h"
#include "tracker.h"

#define EXPORT __attribute__((visibility("default")))

__thread int hw_guard_depth __attribute__((tls_model("initial-exec")));

__attribute__((noinline)) static void *malloc_maybe_recorded(size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, 16);
    RECORD_ALLOCATION(size, tracker_room(size), SITE_NONE, hw_real.malloc(size + room), hw_real.malloc(size));
}

EXPORT void *malloc(size_t size)
{
    /* Sampling's common case, alone in front: a countdown is only running once hw_real is set. */
    if (sampler_passes_over(size))
        return hw_real.malloc(size);
    return malloc_maybe_recorded(size);
}

__attribute__((noinline)) static void free_maybe_recorded(void *p)
{
    if (!hw_ready())
        return;
    if (hw_tracking)
        p = tracker_on_free(p, 0, 0);
    hw_real.free(p);
}

EXPORT void free(void *p)
{
    if (!p || bootstrap_owns(p))
        return;
    /* A countdown is only running once hw_real is set. */
    if (tracker_free_is_plain(p))
        hw_real.free(p);
    else
        free_maybe_recorded(p);
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
    RECORD_ALLOCATION(bytes, tracker_room(bytes), SITE_NONE, hw_real.calloc(1, bytes + room), hw_real.calloc(n, size));
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
    /* Sampling's common case, as in malloc and free: an unrecorded block stays unrecorded. */
    if (tracker_free_is_plain(p) && sampler_passes_over(size))
        return hw_real.realloc(p, size);
    if (!hw_ready())
        return NULL;
    if (!hw_tracking)
        return hw_real.realloc(p, size);
    if (size == 0) {
        /* glibc frees the block and returns NULL. */
        return hw_real.realloc(tracker_on_free(p, 0, 0), 0);
    }
    return tracker_realloc(p, size, 0, NULL, 0);
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
    size_t room = tracker_room_aligned(size, align);
    void *real;
    int rc = room != TRACKER_SKIP ? hw_real.posix_memalign(&real, align, size + room) : ENOMEM;
    if (rc == 0) {
        *out = tracker_on_alloc(real, room, size, SITE_NONE);
        return 0;
    }
    return rc == EINVAL || room == 0 ? rc : hw_real.posix_memalign(out, align, size);
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    RECORD_ALLOCATION(size, tracker_room_aligned(size, align), SITE_NONE, hw_real.aligned_alloc(align, size + room),
                      hw_real.aligned_alloc(align, size));
}

EXPORT void *memalign(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    RECORD_ALLOCATION(size, tracker_room_aligned(size, align), SITE_NONE, hw_real.memalign(align, size + room),
                      hw_real.memalign(align, size));
}

EXPORT void *valloc(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (!hw_ready())
        return bootstrap_alloc(size, page);
    RECORD_ALLOCATION(size, tracker_room_aligned(size, page), SITE_NONE, hw_real.valloc(size + room),
                      hw_real.valloc(size));
}

EXPORT void *pvalloc(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t rounded = (size + page - 1) & ~(page - 1);
    if (!hw_ready())
        return bootstrap_alloc(rounded, page);
    if (rounded < size) /* overflow: the real pvalloc fails as it should */
        return hw_real.pvalloc(size);
    RECORD_ALLOCATION(size, tracker_room_aligned(size, page), SITE_NONE, hw_real.pvalloc(size + room),
                      hw_real.pvalloc(size));
}

EXPORT size_t malloc_usable_size(void *p)
{
    if (!p)
        return 0;
    if (bootstrap_owns(p))
        return bootstrap_size(p);
    if (!hw_ready())
        return 0;
    return hw_tracking ? tracker_usable_size(p) : hw_real.malloc_usable_size(p);
}
