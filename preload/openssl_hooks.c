/*
 * openssl_hooks.c - OpenSSL's allocator entry points, interposed.
 *
 * libssl and libcrypto call CRYPTO_malloc/CRYPTO_realloc/CRYPTO_free through the PLT, even from
 * inside libcrypto, so exporting them from the preloaded library catches every OpenSSL
 * allocation with its OPENSSL_FILE/OPENSSL_LINE -- in linked programs, dlopen'ed libcrypto
 * (RTLD_LOCAL too), forked workers and allocations made from other libraries' constructors --
 * without linking libcrypto or calling into it. CRYPTO_set_mem_functions() (the documented hook)
 * is not used: it fails once OpenSSL has allocated, and a program's own later call would silently
 * replace it. Instead the program's call lands here and its functions are chained.
 *
 * The blocks go to the real allocator directly, so the interposed malloc never sees them a second
 * time; they carry the same tag as plain blocks (block_tag.h), marked as OpenSSL's, which is how
 * free() of an OpenSSL block (and CRYPTO_free() of a plain one) is handled and counted as a mismatch.
 */
#include "openssl_hooks.h"

#include <dlfcn.h>
#include <link.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "lifecycle.h"
#include "sites.h"
#include "symbolize.h"

#define EXPORT __attribute__((visibility("default")))

typedef void *(*crypto_malloc_fn)(size_t, const char *, int);
typedef void *(*crypto_realloc_fn)(void *, size_t, const char *, int);
typedef void (*crypto_free_fn)(void *, const char *, int);

/* The program's own allocator, once it installs one; NULL = OpenSSL's default (the real malloc). */
static struct {
    crypto_malloc_fn malloc;
    crypto_realloc_fn realloc;
    crypto_free_fn free;
} chained;

/* Like OpenSSL's allow_customize: once the default allocator handed out a block, it may not change. */
static atomic_int default_used;
static atomic_int secure_heap_used;

EXPORT void *CRYPTO_malloc(size_t num, const char *file, int line);
EXPORT void *CRYPTO_realloc(void *p, size_t num, const char *file, int line);
EXPORT void CRYPTO_free(void *p, const char *file, int line);

/* The program's own allocator; its blocks are listed, not tagged (their layout is not malloc's). */
static void *chained_malloc(size_t num, const char *file, int line)
{
    int record = tracker_room(num) != TRACKER_SKIP;
    /* The guard keeps the program allocator's own malloc calls from being recorded twice. */
    hw_guard_enter();
    void *p = chained.malloc(num, file, line);
    hw_guard_leave();
    if (p && record)
        tracker_on_foreign_alloc(p, num, site_intern(file, line));
    return p;
}

EXPORT void *CRYPTO_malloc(size_t num, const char *file, int line)
{
    if (chained.malloc)
        return chained_malloc(num, file, line);
    if (num == 0 || !hw_ready())
        return NULL;
    /* Read first: a store on every call would bounce this line between the cores of a threaded server. */
    if (!atomic_load_explicit(&default_used, memory_order_relaxed))
        atomic_store_explicit(&default_used, 1, memory_order_relaxed);
    RECORD_ALLOCATION(num, tracker_room(num), site_intern(file, line), hw_real.malloc(num + room), hw_real.malloc(num));
}

EXPORT void *CRYPTO_zalloc(size_t num, const char *file, int line)
{
    void *p = CRYPTO_malloc(num, file, line);
    if (p)
        memset(p, 0, num);
    return p;
}

EXPORT void CRYPTO_free(void *p, const char *file, int line)
{
    if (!p || bootstrap_owns(p))
        return;
    if (hw_tracking)
        p = tracker_on_free(p, 1, chained.free != NULL);
    if (chained.free) {
        hw_guard_enter();
        chained.free(p, file, line);
        hw_guard_leave();
    } else if (hw_ready()) {
        hw_real.free(p);
    }
}

EXPORT void *CRYPTO_realloc(void *p, size_t num, const char *file, int line)
{
    if (!p)
        return CRYPTO_malloc(num, file, line);
    if (num == 0) {
        CRYPTO_free(p, file, line);
        return NULL;
    }
    if (!hw_ready())
        return NULL;
    if (!chained.realloc)
        return hw_tracking ? tracker_realloc(p, num, 1, file, line) : hw_real.realloc(p, num);
    struct block_record old;
    int recorded = hw_tracking && tracker_detach_listed(p, 1, &old);
    int record = tracker_room(num) != TRACKER_SKIP;
    hw_guard_enter();
    void *q = chained.realloc(p, num, file, line);
    hw_guard_leave();
    if (!q) {
        if (recorded)
            tracker_relist(p, &old);
        return NULL;
    }
    if (recorded)
        tracker_settle(&old);
    else if (hw_tracking_here())
        tracker_count_untracked_free();
    if (record)
        tracker_on_foreign_alloc(q, num, site_intern(file, line));
    return q;
}

EXPORT int CRYPTO_set_mem_functions(crypto_malloc_fn m, crypto_realloc_fn r, crypto_free_fn f)
{
    if (atomic_load(&default_used))
        return 0;
    /* A program may hand back what CRYPTO_get_mem_functions gave it: that is the default, not a chain. */
    if (m && m != CRYPTO_malloc)
        chained.malloc = m;
    if (r && r != CRYPTO_realloc)
        chained.realloc = r;
    if (f && f != CRYPTO_free)
        chained.free = f;
    return 1;
}

EXPORT void CRYPTO_get_mem_functions(crypto_malloc_fn *m, crypto_realloc_fn *r, crypto_free_fn *f)
{
    if (m)
        *m = chained.malloc ? chained.malloc : CRYPTO_malloc;
    if (r)
        *r = chained.realloc ? chained.realloc : CRYPTO_realloc;
    if (f)
        *f = chained.free ? chained.free : CRYPTO_free;
}

/* The secure heap is OpenSSL's own mmap arena: noted in the dump, since its blocks are invisible. */
EXPORT int CRYPTO_secure_malloc_init(size_t size, size_t minsize)
{
    int (*real_init)(size_t, size_t) = (int (*)(size_t, size_t))dlsym(RTLD_NEXT, "CRYPTO_secure_malloc_init");
    if (!real_init)
        return 0;
    int rc = real_init(size, minsize);
    if (rc)
        atomic_store(&secure_heap_used, 1);
    return rc;
}

static int find_libcrypto(struct dl_phdr_info *info, size_t size, void *found)
{
    (void)size;
    if (info->dlpi_name && strstr(info->dlpi_name, "libcrypto.so")) {
        *(int *)found = 1;
        return 1;
    }
    return 0;
}

void openssl_describe(uint64_t openssl_allocs, const char **state, char *detail, size_t detail_size)
{
    const char *secure = atomic_load(&secure_heap_used)
                             ? "; the OpenSSL secure heap is in use and its blocks are not visible"
                             : "";
    if (chained.malloc || chained.realloc || chained.free) {
        *state = "chained";
        snprintf(detail, detail_size,
                 "the program installed its own OpenSSL allocator; heapwatch calls it and records its blocks%s",
                 secure);
        return;
    }
    if (openssl_allocs > 0) {
        *state = "hooked";
        snprintf(detail, detail_size, "OpenSSL allocations are recorded with their file:line%s", secure);
        return;
    }
    int loaded = 0;
    dl_iterate_phdr(find_libcrypto, &loaded);
    static int statically_linked = -1; /* the executable never changes: look once */
    if (!loaded && statically_linked < 0)
        statically_linked = symbolize_executable_defines("CRYPTO_malloc");
    if (!loaded && statically_linked) {
        *state = "not-visible";
        snprintf(detail, detail_size,
                 "OpenSSL is linked statically into the executable: its allocator calls cannot be interposed; "
                 "its memory is still attributed by stack through malloc%s",
                 secure);
    } else if (loaded) {
        *state = "not-visible";
        snprintf(detail, detail_size,
                 "libcrypto is loaded but no allocation through its allocator reached heapwatch (statically "
                 "linked OpenSSL or RTLD_DEEPBIND?); its memory is still attributed by stack through malloc%s",
                 secure);
    } else {
        *state = "not-loaded";
        snprintf(detail, detail_size, "no libcrypto in this process");
    }
}
