/*
 * stress_dlopen - loading and unloading libraries that allocate, as plugin hosts do.
 *
 * For tests/stress/test_dlopen.sh, which builds the libraries: each exports
 * `void *churn_entry(size_t)` and `void churn_release(void *)`, which call malloc and free from
 * functions of the library's own. Modes:
 *   churn N LIB         N times: dlopen LIB, keep one BLOCK-byte block from it, dlclose it. The
 *                       exit dump comes after the last unload and must still name the library's
 *                       function and file.
 *   swap LIB_A LIB_B    keeps BLOCKS blocks from A and, with A still loaded, lets the test take a
 *                       dump ("loaded-a PID" pause point); unloads A, then keeps BLOCKS blocks from
 *                       B, which is often mapped where A was. Prints "entries SAME" or "entries
 *                       DIFFERENT": whether B's churn_entry had A's address.
 *   deepbind LIB        loads LIB with RTLD_DEEPBIND, which would bind its malloc and free past
 *                       interposition; frees blocks of the program's (one allocated before the
 *                       load) through it, takes blocks from it and keeps BLOCKS of them, then keeps
 *                       BLOCKS blocks of its own (deepbind_kept_alloc).
 * Each prints its expectations for the blocks it knows are tracked.
 */
#include <dlfcn.h>

#include "core_wait.h"
#include "stress_report.h"

enum { BLOCK = 777, BLOCKS = 25 };

typedef void *(*entry_fn)(size_t);
typedef void (*release_fn)(void *);

static void *open_lib(const char *path, int flags, entry_fn *entry, release_fn *release)
{
    void *h = dlopen(path, flags);
    if (!h)
        die(dlerror());
    *entry = (entry_fn)dlsym(h, "churn_entry");
    *release = (release_fn)dlsym(h, "churn_release");
    if (!*entry || !*release)
        die("the library lacks churn_entry or churn_release");
    return h;
}

static entry_fn last_entry;

/* Loads the library at path and keeps count blocks from it; returns its handle. */
static void *keep_from(const char *path, int count)
{
    entry_fn entry;
    release_fn release;
    void *h = open_lib(path, RTLD_NOW, &entry, &release);
    for (int i = 0; i < count; i++)
        if (!entry(BLOCK))
            die("malloc in the library");
    last_entry = entry;
    return h;
}

static void churn(long n, const char *path)
{
    for (long i = 0; i < n; i++)
        dlclose(keep_from(path, 1));
    say("loaded %ld\n", n);
}

static void swap(const char *a, const char *b)
{
    void *h = keep_from(a, BLOCKS);
    entry_fn a_entry = last_entry;
    pause_for_test("loaded-a");
    dlclose(h);
    dlclose(keep_from(b, BLOCKS));
    say("entries %s\n", last_entry == a_entry ? "SAME" : "DIFFERENT");
}

__attribute__((noinline)) static void *deepbind_kept_alloc(void) { return malloc(BLOCK); }

static void deepbind(const char *path)
{
    entry_fn entry;
    release_fn release;
    void *early = malloc(BLOCK);
    void *h = open_lib(path, RTLD_NOW | RTLD_DEEPBIND, &entry, &release);
    release(early);
    release(malloc(BLOCK));
    for (int i = 0; i < BLOCKS; i++)
        free(entry(BLOCK));
    for (int i = 0; i < BLOCKS; i++)
        if (!entry(BLOCK))
            die("malloc");
    expect("alpha_alloc", (uint64_t)BLOCK * BLOCKS, BLOCKS);
    dlclose(h);
    for (int i = 0; i < BLOCKS; i++)
        if (!deepbind_kept_alloc())
            die("malloc");
    expect("deepbind_kept_alloc", (uint64_t)BLOCK * BLOCKS, BLOCKS);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "churn") == 0 && argc > 3)
        churn(count_arg(argc, argv, 2, 1), argv[3]);
    else if (strcmp(mode, "swap") == 0 && argc > 3)
        swap(argv[2], argv[3]);
    else if (strcmp(mode, "deepbind") == 0 && argc > 2)
        deepbind(argv[2]);
    else
        die("usage: stress_dlopen churn N LIB | swap LIB_A LIB_B | deepbind LIB");
    return 0;
}
