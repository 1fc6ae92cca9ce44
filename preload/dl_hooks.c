/*
 * dl_hooks.c - dlopen and dlclose, watched for what they do to heapwatch's view of the program.
 *
 * dlclose: a library's frames must still be named in dumps written after it is gone, so before it
 * is unloaded every recorded frame inside it is symbolized and cached.
 *
 * dlopen: RTLD_DEEPBIND makes a library bind to libc's malloc directly, past heapwatch; its blocks
 * then go unseen. That is said once; the flag is left alone (stripping it could change which
 * symbols the library binds to). The call is passed on as a tail call: glibc resolves the file
 * relative to its caller (RUNPATH, $ORIGIN), which must stay the program's code, not ours.
 */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdatomic.h>

#include "dumper.h"
#include "guard.h"
#include "log.h"
#include "stack_table.h"
#include "symbolize.h"
#include "tracker.h"

#define EXPORT __attribute__((visibility("default")))

typedef void *(*dlopen_fn)(const char *, int);
typedef int (*dlclose_fn)(void *);

static _Atomic(dlopen_fn) real_dlopen;
static _Atomic(dlclose_fn) real_dlclose;
static int deepbind_warned;

static void *find_next(const char *name)
{
    hw_guard_enter();
    void *fn = dlsym(RTLD_NEXT, name);
    hw_guard_leave();
    return fn;
}

struct code_range {
    uintptr_t base;  /* load address of the module being looked for */
    uintptr_t start; /* its code, once found */
    uintptr_t end;
};

static int find_code_range(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    struct code_range *r = ctx;
    if (info->dlpi_addr != r->base)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (!r->start || start < r->start)
            r->start = start;
        if (start + ph->p_memsz > r->end)
            r->end = start + ph->p_memsz;
    }
    return 1;
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
    struct code_range range = {.base = map->l_addr};
    dl_iterate_phdr(find_code_range, &range);
    symbolize_refresh();
    if (range.end)
        remember_frames_in(range.start, range.end);
    dumper_symbolizer_release();
}

EXPORT void *dlopen(const char *file, int mode)
{
    dlopen_fn next = atomic_load_explicit(&real_dlopen, memory_order_relaxed);
    if (!next) {
        next = (dlopen_fn)find_next("dlopen");
        atomic_store_explicit(&real_dlopen, next, memory_order_relaxed);
    }
    if ((mode & RTLD_DEEPBIND) && hw_tracking)
        hw_warn_once(&deepbind_warned, "%s is loaded with RTLD_DEEPBIND: its allocations bypass heapwatch",
                     file ? file : "a library");
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
    return next(handle);
}
