/*
 * real_alloc.c - resolving the real allocator, and the bootstrap area used meanwhile.
 *
 * The bootstrap area is a static array carved by a bump pointer. Each block is preceded by its
 * size so that realloc() and malloc_usable_size() work on it; free() of a bootstrap block is a
 * no-op (the area is small and only used for dlsym's few bytes at start-up).
 */
#include "real_alloc.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "guard.h"
#include "log.h"

struct real_alloc hw_real;

_Alignas(64) unsigned char hw_bootstrap_area[BOOTSTRAP_BYTES];
static atomic_size_t bootstrap_used;

void *bootstrap_alloc(size_t size, size_t align)
{
    if (align < 16)
        align = 16;
    size_t used = atomic_load(&bootstrap_used);
    for (;;) {
        uintptr_t base = (uintptr_t)hw_bootstrap_area;
        uintptr_t start = (base + used + sizeof(size_t) + align - 1) & ~(uintptr_t)(align - 1);
        size_t end = start - base + size;
        if (end > BOOTSTRAP_BYTES || size > BOOTSTRAP_BYTES)
            return NULL;
        if (atomic_compare_exchange_weak(&bootstrap_used, &used, end)) {
            memcpy((void *)(start - sizeof(size_t)), &size, sizeof size);
            return (void *)start;
        }
    }
}

size_t bootstrap_size(const void *p)
{
    size_t size;
    memcpy(&size, (const unsigned char *)p - sizeof(size_t), sizeof size);
    return size;
}

static void *lookup(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);
    if (!fn)
        hw_warn("cannot find the real %s; heapwatch stands down", name);
    return fn;
}

int real_alloc_resolve(void)
{
    static atomic_int state; /* 0 never tried, 1 resolving, 2 done, 3 failed */
    int expected = 0;
    if (!atomic_compare_exchange_strong(&state, &expected, 1)) {
        /* Another thread (or dlsym's own calloc) is resolving: callers fall back to bootstrap. */
        return atomic_load(&state) == 2 ? 0 : -1;
    }
    hw_guard_enter();
    struct real_alloc r;
    r.malloc = (void *(*)(size_t))lookup("malloc");
    r.free = (void (*)(void *))lookup("free");
    r.calloc = (void *(*)(size_t, size_t))lookup("calloc");
    r.realloc = (void *(*)(void *, size_t))lookup("realloc");
    r.memalign = (void *(*)(size_t, size_t))lookup("memalign");
    r.posix_memalign = (int (*)(void **, size_t, size_t))lookup("posix_memalign");
    r.aligned_alloc = (void *(*)(size_t, size_t))lookup("aligned_alloc");
    r.valloc = (void *(*)(size_t))lookup("valloc");
    r.pvalloc = (void *(*)(size_t))lookup("pvalloc");
    r.malloc_usable_size = (size_t (*)(void *))lookup("malloc_usable_size");
    hw_guard_leave();
    int ok = r.malloc && r.free && r.calloc && r.realloc && r.memalign && r.posix_memalign &&
             r.aligned_alloc && r.valloc && r.pvalloc && r.malloc_usable_size;
    if (ok) {
        /* Publish malloc last: the shim treats a non-NULL hw_real.malloc as "everything resolved". */
        void *(*m)(size_t) = r.malloc;
        r.malloc = NULL;
        hw_real = r;
        atomic_thread_fence(memory_order_release);
        hw_real.malloc = m;
    }
    atomic_store(&state, ok ? 2 : 3);
    return ok ? 0 : -1;
}

int real_alloc_in_libc(const void *fn)
{
    Dl_info info;
    if (!fn || !dladdr(fn, &info) || !info.dli_fname)
        return 0;
    const char *base = strrchr(info.dli_fname, '/');
    return strcmp(base ? base + 1 : info.dli_fname, "libc.so.6") == 0;
}
