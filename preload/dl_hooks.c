/*
 * dl_hooks.c - dlopen and dlclose, watched for what they do to heapwatch's view of the program.
 *
 * dlclose: a library's frames must still be named in dumps written after it is gone, so before it
 * is unloaded every recorded frame inside it is symbolized and cached.
 *
 * dlopen: RTLD_DEEPBIND makes a library bind to libc's malloc directly, past heapwatch; such loads
 * go through deepbind.c, which binds the library's malloc family back. The flag itself is left
 * alone (stripping it could change which symbols the library binds to). Every other call is
 * passed on as a tail call: glibc resolves the file relative to its caller (RUNPATH, $ORIGIN),
 * which must stay the program's code, not ours.
 */
#include <dlfcn.h>
#include <link.h>
#include <stdatomic.h>

#include "deepbind.h"
#include "dumper.h"
#include "guard.h"
#include "log.h"
#include "procinfo.h"
#include "stack_table.h"
#include "symbolize.h"
#include "tracker.h"
#include "unwind_cfi.h"

#define EXPORT __attribute__((visibility("default")))

typedef void *(*dlopen_fn)(const char *, int);
typedef int (*dlclose_fn)(void *);

static _Atomic(dlopen_fn) real_dlopen;
static _Atomic(dlclose_fn) real_dlclose;

static void *find_next(const char *name)
{
    hw_guard_enter();
    void *fn = dlsym(RTLD_NEXT, name);
    hw_guard_leave();
    return fn;
}

/* Symbolizes (and so caches for good) every recorded frame in [start, end). */
static void remember_frames_in(uintptr_t start, uintptr_t end)
{
    uint32_t n = stack_table_count();
    for (uint32_t id = 0; id < n; id++) {
        struct stack *st = stack_table_get(id);
        if (!atomic_load_explicit(&st->ready, memory_order_acquire))
            continue;
        for (uint32_t i = 0; i < st->depth; i++) {
            if (st->frames[i] >= start && st->frames[i] < end) {
                struct frame_symbol sym;
                symbolize(st->frames[i], &sym);
            }
        }
    }
}

/* Before `handle` is unloaded: name (and so cache for good) every recorded frame inside it. */
static void remember_library(void *handle)
{
    struct link_map *map = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || !map)
        return;
    dumper_symbolizer_acquire();
    uintptr_t start, end;
    symbolize_refresh();
    if (procinfo_code_range(map->l_addr, &start, &end) == 0)
        remember_frames_in(start, end);
    dumper_symbolizer_release();
}

EXPORT void *dlopen(const char *file, int mode)
{
    dlopen_fn next = atomic_load_explicit(&real_dlopen, memory_order_relaxed);
    if (!next) {
        next = (dlopen_fn)find_next("dlopen");
        atomic_store_explicit(&real_dlopen, next, memory_order_relaxed);
    }
    if (!(mode & RTLD_DEEPBIND) || !hw_tracking)
        return next(file, mode);
    if (deepbind_rebindable(file, __builtin_return_address(0)))
        return deepbind_open(next, file, mode);
    deepbind_warn_bypass(file);
    return next(file, mode);
}

EXPORT int dlclose(void *handle)
{
    dlclose_fn next = atomic_load_explicit(&real_dlclose, memory_order_relaxed);
    if (!next) {
        next = (dlclose_fn)find_next("dlclose");
        atomic_store_explicit(&real_dlclose, next, memory_order_relaxed);
    }
    if (hw_tracking && !hw_guard_active())
        remember_library(handle);
    int result = next(handle);
    unwind_cfi_code_unloaded();
    return result;
}
