/*
 * shim.c - the interposed malloc family: forward to the real allocator, then tell the tracker.
 *
 * A recorded block is requested tracker_room() bytes larger, for its tag (block_tag.h); the
 * program never sees those bytes (malloc_usable_size excludes them). If the larger request fails,
 * the original one is retried and the block simply goes unrecorded, so heapwatch never turns a
 * success into a failure. Each function keeps glibc's contract exactly: alignment, errno,
 * realloc(p, 0), a failed realloc keeping the old block, overflow checks.
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

EXPORT void *malloc(size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, 16);
    RECORD_ALLOCATION(size, SITE_NONE, hw_real.malloc(size + room), hw_real.malloc(size));
}

EXPORT void free(void *p)
{
    if (!p || bootstrap_owns(p) || !hw_ready())
        return;
    if (hw_tracking)
        tracker_on_free(p, 0, 0);
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
    RECORD_ALLOCATION(bytes, SITE_NONE, hw_real.calloc(1, bytes + room), hw_real.calloc(n, size));
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
    if (!hw_tracking)
        return hw_real.realloc(p, size);
    if (size == 0) {
        /* glibc frees the block and returns NULL. */
        tracker_on_free(p, 0, 0);
        return hw_real.realloc(p, 0);
    }
    struct block_record old;
    int tagged = tracker_detach(p, 0, &old);
    size_t room = tracker_room(size);
    void *q = room ? hw_real.realloc(p, size + room) : NULL;
    if (!q) {
        room = 0;
        q = hw_real.realloc(p, size);
    }
    if (!q) {
        if (tagged)
            tracker_reattach(p, 0, &old);
        return NULL;
    }
    if (tagged)
        tracker_settle(&old);
    else if (!hw_guard_active())
        tracker_count_untracked_free();
    if (room)
        tracker_on_alloc(q, size, SITE_NONE);
    return q;
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
    size_t room = tracker_room(size);
    int rc = room ? hw_real.posix_memalign(out, align, size + room) : ENOMEM;
    if (rc == 0) {
        tracker_on_alloc(*out, size, SITE_NONE);
        return 0;
    }
    return rc == EINVAL ? rc : hw_real.posix_memalign(out, align, size);
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    RECORD_ALLOCATION(size, SITE_NONE, hw_real.aligned_alloc(align, size + room),
                      hw_real.aligned_alloc(align, size));
}

EXPORT void *memalign(size_t align, size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, align);
    RECORD_ALLOCATION(size, SITE_NONE, hw_real.memalign(align, size + room), hw_real.memalign(align, size));
}

EXPORT void *valloc(size_t size)
{
    if (!hw_ready())
        return bootstrap_alloc(size, 4096);
    RECORD_ALLOCATION(size, SITE_NONE, hw_real.valloc(size + room), hw_real.valloc(size));
}

EXPORT void *pvalloc(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t rounded = (size + page - 1) & ~(page - 1);
    if (!hw_ready())
        return bootstrap_alloc(rounded, page);
    if (rounded < size) /* overflow: the real pvalloc fails as it should */
        return hw_real.pvalloc(size);
    /* pvalloc promises usable space up to the page end: the tag goes past it, on a page of its own. */
    RECORD_ALLOCATION(size, SITE_NONE, hw_real.pvalloc(rounded + room), hw_real.pvalloc(size));
}

EXPORT size_t malloc_usable_size(void *p)
{
    if (!p)
        return 0;
    if (bootstrap_owns(p))
        return bootstrap_size(p);
    if (!hw_ready())
        return 0;
    size_t usable = hw_real.malloc_usable_size(p);
    struct block_record rec;
    /* The tag's bytes are heapwatch's: a program that uses all the usable space must not reach them. */
    if (hw_tracking && block_tag_read(p, &rec))
        usable -= BLOCK_TAG_BYTES;
    return usable;
}
