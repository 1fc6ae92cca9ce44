/*
 * core_memalign - every aligned and array allocation function, and their failure semantics.
 *
 * For tests/core/test_memalign.sh. Each function is called only from its own helper (frame 0 of
 * its stack), failing calls included, and every block that succeeds is kept, so the exit dump
 * must show exactly the sizes requested here -- failed calls adding nothing. The program checks
 * what glibc guarantees (alignment, usable size, zeroed calloc memory, NULL + ENOMEM on overflow,
 * EINVAL with *memptr untouched) and prints one line per check or observed behaviour: the test
 * wants the same lines with and without heapwatch, and no FAIL among them.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* volatile: constant huge sizes would be rejected at compile time. */
static volatile size_t huge_size = SIZE_MAX - 4096;
static volatile size_t half_overflow = SIZE_MAX / 2 + 1;

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static int is_aligned(const void *p, size_t alignment)
{
    return p && (uintptr_t)p % alignment == 0;
}

static int failed_with_enomem(const void *p)
{
    return p == NULL && errno == ENOMEM;
}

/* Writes the whole usable size: a short block would corrupt the heap and crash at free or exit. */
static void check_usable(void *p, size_t size, const char *what)
{
    size_t usable = malloc_usable_size(p);
    check(p && usable >= size, what);
    if (p)
        memset(p, 0x5a, usable);
}

__attribute__((noinline)) static int memalign_via_posix_memalign(void **memptr, size_t alignment, size_t size)
{
    return posix_memalign(memptr, alignment, size);
}

__attribute__((noinline)) static void *memalign_via_aligned_alloc(size_t alignment, size_t size)
{
    return aligned_alloc(alignment, size);
}

__attribute__((noinline)) static void *memalign_via_memalign(size_t alignment, size_t size)
{
    return memalign(alignment, size);
}

__attribute__((noinline)) static void *memalign_via_valloc(size_t size)
{
    return valloc(size);
}

__attribute__((noinline)) static void *memalign_via_pvalloc(size_t size)
{
    return pvalloc(size);
}

__attribute__((noinline)) static void *memalign_via_calloc(size_t count, size_t size)
{
    return calloc(count, size);
}

__attribute__((noinline)) static void *memalign_via_reallocarray(void *p, size_t count, size_t size)
{
    return reallocarray(p, count, size);
}

/* Leaves a freed, dirty block of SIZE bytes for calloc to reuse, so zeroing is really tested. */
__attribute__((noinline)) static void memalign_dirty_heap(size_t size)
{
    void *p = malloc(size);
    if (p) {
        memset(p, 0xff, size);
        free(p);
    }
}

static void check_posix_memalign(void)
{
    void *p = NULL;
    check(memalign_via_posix_memalign(&p, 64, 1000) == 0 && is_aligned(p, 64), "posix_memalign(64, 1000) aligned");
    check_usable(p, 1000, "posix_memalign(64, 1000) usable");
    p = NULL;
    check(memalign_via_posix_memalign(&p, 65536, 10) == 0 && is_aligned(p, 65536), "posix_memalign(65536, 10) aligned");
    check_usable(p, 10, "posix_memalign(65536, 10) usable");

    static const size_t bad_alignments[] = {0, 3, 4, 24};
    for (size_t i = 0; i < sizeof bad_alignments / sizeof bad_alignments[0]; i++) {
        void *untouched = &p;
        char what[64];
        snprintf(what, sizeof what, "posix_memalign(%zu, 16) EINVAL, *memptr untouched", bad_alignments[i]);
        check(memalign_via_posix_memalign(&untouched, bad_alignments[i], 16) == EINVAL && untouched == &p, what);
    }
    void *untouched = &p;
    check(memalign_via_posix_memalign(&untouched, 64, huge_size) == ENOMEM && untouched == &p,
          "posix_memalign(64, huge) ENOMEM, *memptr untouched");
}

static void check_aligned_alloc_and_memalign(void)
{
    void *p = memalign_via_aligned_alloc(256, 2048);
    check(is_aligned(p, 256), "aligned_alloc(256, 2048) aligned");
    check_usable(p, 2048, "aligned_alloc(256, 2048) usable");
    errno = 0;
    check(failed_with_enomem(memalign_via_aligned_alloc(64, huge_size)), "aligned_alloc(64, huge) NULL ENOMEM");
    errno = 0;
    p = memalign_via_aligned_alloc(3, 10);
    printf("info aligned_alloc(3, 10): %s errno %d\n", p ? "pointer" : "NULL", p ? 0 : errno);
    free(p);

    p = memalign_via_memalign(4096, 3000);
    check(is_aligned(p, 4096), "memalign(4096, 3000) aligned");
    check_usable(p, 3000, "memalign(4096, 3000) usable");
    p = memalign_via_memalign(24, 10);
    check(is_aligned(p, 32), "memalign(24, 10) aligned to 32 (rounded up to a power of two)");
    check_usable(p, 10, "memalign(24, 10) usable");
    errno = 0;
    check(failed_with_enomem(memalign_via_memalign(64, huge_size)), "memalign(64, huge) NULL ENOMEM");
}

static void check_page_aligned(void)
{
    long page = sysconf(_SC_PAGESIZE);
    void *p = memalign_via_valloc(5000);
    check(is_aligned(p, page), "valloc(5000) page-aligned");
    check_usable(p, 5000, "valloc(5000) usable");
    errno = 0;
    check(failed_with_enomem(memalign_via_valloc(huge_size)), "valloc(huge) NULL ENOMEM");

    p = memalign_via_pvalloc(100);
    check(is_aligned(p, page), "pvalloc(100) page-aligned");
    check_usable(p, page, "pvalloc(100) usable up to the page end");
    errno = 0;
    check(failed_with_enomem(memalign_via_pvalloc(huge_size)), "pvalloc(huge) NULL ENOMEM");
}

static void check_array_allocations(void)
{
    memalign_dirty_heap(777);
    unsigned char *zeroed = memalign_via_calloc(7, 111);
    int all_zero = zeroed != NULL;
    for (int i = 0; all_zero && i < 777; i++)
        all_zero = zeroed[i] == 0;
    check(all_zero, "calloc(7, 111) zeroed");
    check_usable(zeroed, 777, "calloc(7, 111) usable");
    errno = 0;
    check(failed_with_enomem(memalign_via_calloc(half_overflow, 2)), "calloc overflow NULL ENOMEM");

    errno = 0;
    check(failed_with_enomem(memalign_via_reallocarray(NULL, half_overflow, 2)),
          "reallocarray(NULL, overflow) NULL ENOMEM");
    unsigned char *array = memalign_via_reallocarray(NULL, 13, 17);
    check_usable(array, 221, "reallocarray(NULL, 13, 17) usable");
    errno = 0;
    check(failed_with_enomem(memalign_via_reallocarray(array, half_overflow, 2)),
          "reallocarray(p, overflow) NULL ENOMEM");
    int intact = array != NULL;
    for (int i = 0; intact && i < 221; i++)
        intact = array[i] == 0x5a;
    check(intact, "reallocarray(p, overflow) keeps the old block");
}

/* glibc sets errno only on failure: heapwatch's bookkeeping around a call must not touch it. */
__attribute__((noinline)) static void check_errno_kept(void)
{
    errno = EILSEQ;
    void *p = malloc(100);
    check(p && errno == EILSEQ, "malloc that succeeds leaves errno alone");
    errno = EILSEQ;
    free(p);
    check(errno == EILSEQ, "free leaves errno alone");
}

int main(void)
{
    check_errno_kept();
    check_posix_memalign();
    check_aligned_alloc_and_memalign();
    check_page_aligned();
    check_array_allocations();
    check(malloc_usable_size(NULL) == 0, "malloc_usable_size(NULL) == 0");
    errno = 0;
    check(failed_with_enomem(malloc(huge_size)), "malloc(huge) NULL ENOMEM");
    return failures ? 1 : 0;
}
