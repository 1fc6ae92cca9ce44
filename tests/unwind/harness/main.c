/*
 * main.c - the comparison harness: runs every stack shape in several situations and reports,
 * per situation, how many captures were identical to libunwind's, fell back, or differed.
 *   compare PLUGIN_A.so PLUGIN_B.so
 * Exits 1 if any capture differed.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "shapes.h"
#include "unwind_cfi.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#define DEEPEST 150
#define THREADS 4
#define RELOADS 6

static unsigned long mismatches;

static void all_shapes(int deepest, int step)
{
    for (int depth = 0; depth <= deepest; depth += step)
        for (int shape = 0; shape < SHAPES; shape++)
            descend(depth, shape);
}

static void *load_plugin(const char *path)
{
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    plugin_descend_fn plugin = library ? (plugin_descend_fn)dlsym(library, "plugin_descend") : NULL;
    if (!plugin) {
        fprintf(stderr, "compare: cannot load %s: %s\n", path, dlerror());
        exit(2);
    }
    shapes_use_plugin(plugin);
    return library;
}

static void *shapes_in_thread(void *arg)
{
    (void)arg;
    for (int round = 0; round < 3; round++)
        all_shapes(60, 1 + round);
    return NULL;
}

static void *shallow_shapes_in_thread(void *arg)
{
    (void)arg;
    all_shapes(20, 1);
    return NULL;
}

static void in_threads(int count, void *(*run)(void *))
{
    pthread_t threads[THREADS];
    for (int i = 0; i < count; i++)
        if (pthread_create(&threads[i], NULL, run, NULL) != 0)
            exit(2);
    for (int i = 0; i < count; i++)
        pthread_join(threads[i], NULL);
}

static void handler(int signal)
{
    (void)signal;
    all_shapes(6, 1);
}

static void in_signal_handlers(void)
{
    struct sigaction action = {.sa_handler = handler};
    sigaction(SIGUSR1, &action, NULL);
    for (int depth = 0; depth < 20; depth += 3)
        descend_then_raise(depth, SIGUSR1);

    static char alternate[1 << 16];
    stack_t stack = {.ss_sp = alternate, .ss_size = sizeof alternate};
    sigaltstack(&stack, NULL);
    action.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &action, NULL);
    descend_then_raise(4, SIGUSR2);
}

static void report(const char *situation) { mismatches += compare_report(situation); }

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: compare PLUGIN_A.so PLUGIN_B.so\n");
        return 2;
    }
    compare_init();
    in_threads(THREADS, shapes_in_thread);
    report("4 threads at once, cold caches (a busy resolver means a fallback)");
    all_shapes(DEEPEST, 1);
    report("shapes, depth 0-150, first pass");
    all_shapes(DEEPEST, 1);
    report("shapes, depth 0-150, second pass");

    void *plugin = load_plugin(argv[1]);
    all_shapes(40, 1);
    report("through a dlopened library");
    for (int i = 0; i < RELOADS; i++) {
        dlclose(plugin);
        unwind_cfi_code_unloaded(); /* as heapwatch's dlclose does */
        plugin = load_plugin(argv[1 + (i + 1) % 2]);
        /*
         * libunwind is no reference here as it is: its per-thread trace cache keeps the unloaded
         * library's rules (unw_flush_cache does not reach it) and returns wrong frames for the new
         * one. A new thread starts with an empty trace cache; the fast unwinder's cache is shared
         * and persists, which is what is tested.
         */
        unw_flush_cache(unw_local_addr_space, 0, 0);
        in_threads(1, shallow_shapes_in_thread);
    }
    report("libraries unloaded and others loaded in their place");

    in_signal_handlers();
    report("in signal handlers (a signal frame: fallback expected)");
    run_exceptions(200);
    report("C++ exceptions in flight");
    dlclose(plugin);
    return mismatches ? 1 : 0;
}
