/*
 * lifecycle.c - start-up, fork handlers and exit.
 */
#include "lifecycle.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdatomic.h>

#include "config.h"
#include "dumper.h"
#include "fork_gate.h"
#include "log.h"
#include "ptr_table.h"
#include "sites.h"
#include "stack_table.h"
#include "unwind_cfi.h"

extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso_handle);

int lifecycle_early_init(void)
{
    static atomic_int state; /* 0 not started, 1 starting, 2 done */
    if (real_alloc_resolve() != 0)
        return -1; /* resolution under way on this thread (dlsym allocating) or impossible */
    int expected = 0;
    if (atomic_compare_exchange_strong(&state, &expected, 1)) {
        hw_guard_enter();
        config_load();
        if (tracker_init() != 0)
            hw_warn("cannot map memory for its tables: heapwatch stands down");
        hw_guard_leave();
        atomic_store(&state, 2);
    }
    return 0;
}

/* A fork from a signal handler that interrupted heapwatch on this thread must not wait for itself. */
static __thread int fork_took_locks __attribute__((tls_model("initial-exec")));

static void before_fork(void)
{
    fork_took_locks = !hw_guard_active();
    if (!fork_took_locks)
        return;
    hw_guard_enter();
    fork_gate_close();
    stack_table_lock_all();
    sites_lock();
    ptr_table_lock_all();
}

static void unlock_tables(void)
{
    if (!fork_took_locks)
        return;
    ptr_table_unlock_all();
    sites_unlock();
    stack_table_unlock_all();
    fork_gate_open();
    hw_guard_leave();
}

static void after_fork_in_parent(void) { unlock_tables(); }

static void after_fork_in_child(void)
{
    unlock_tables();
    unwind_cfi_after_fork_child();
    hw_guard_enter();
    dumper_after_fork_child();
    hw_guard_leave();
}

#define EXPORT __attribute__((visibility("default")))

/*
 * Programs that end with _exit (dash does, and forked children often) skip atexit handlers, and
 * with them the final dump; so does _exit itself, interposed here. The real one is found at start:
 * nothing may be resolved (or allocated) on the way out.
 */
static void (*real_exit_call)(int);

static void exit_call(int status) __attribute__((noreturn));
static void exit_call(int status)
{
    if (hw_tracking && !hw_guard_active())
        dumper_final_before_exit_call(2.0);
    if (real_exit_call)
        real_exit_call(status);
    syscall(SYS_exit_group, status);
    __builtin_unreachable();
}

EXPORT void _exit(int status) { exit_call(status); }
EXPORT void _Exit(int status) { exit_call(status); }

/*
 * Another malloc preloaded before heapwatch (jemalloc, tcmalloc) gets every call instead of us:
 * heapwatch would see nothing and report an empty heap. Better to say so and stand down.
 */
static int malloc_is_ours(void)
{
    Dl_info active, own;
    const ElfW(Sym) *sym = NULL;
    void *fn = dlsym(RTLD_DEFAULT, "malloc");
    if (!fn || !dladdr1(fn, &active, (void **)&sym, RTLD_DL_SYMENT) || !dladdr((void *)malloc_is_ours, &own) ||
        active.dli_fbase == own.dli_fbase)
        return 1;
    /*
     * An executable that takes malloc's address has a PLT stub for it: that is not a definition.
     * A definition is a defined symbol starting exactly there (under any of its aliases).
     */
    if (!sym || sym->st_shndx == SHN_UNDEF || active.dli_saddr != fn)
        return 1;
    hw_warn("malloc comes from %s, loaded before heapwatch: heapwatch stands down (list libheapwatch.so first in "
            "LD_PRELOAD)",
            active.dli_fname);
    return 0;
}

__attribute__((constructor)) static void heapwatch_start(void)
{
    if (lifecycle_early_init() != 0 || !hw_tracking)
        return;
    hw_guard_enter();
    if (!malloc_is_ours()) {
        hw_tracking = 0;
        hw_guard_leave();
        return;
    }
    real_exit_call = (void (*)(int))dlsym(RTLD_NEXT, "_exit");
    pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
    dumper_start();
    hw_guard_leave();
}

static void final_dump(void *arg)
{
    (void)arg;
    dumper_final();
}

/*
 * Libraries initialised from constructors (OpenSSL among them) register their cleanup so that it
 * runs inside _dl_fini, after this destructor. Registering the final dump from here, with no DSO
 * handle, makes it run once _dl_fini is done: their global state is gone from the final figures.
 * The tables are never torn down, so frees that arrive later still find them.
 */
__attribute__((destructor)) static void heapwatch_stop(void)
{
    if (hw_tracking)
        __cxa_atexit(final_dump, NULL, NULL);
}
