/*
 * stress_compat - glibc malloc extensions and C++ allocation interfaces, under exact accounting.
 *
 * For tests/stress/test_unusual_programs.sh. In one run:
 *   - writes every byte malloc_usable_size promises (as SQLite and string builders do), grows some
 *     blocks with realloc and fills them again, frees others;
 *   - C++ operator new with alignment (alignas(256) objects, ::operator new with align_val_t 4096)
 *     and the matching sized and aligned deletes;
 *   - mallopt (a 4 KiB mmap threshold), malloc_trim, mallinfo2, malloc_stats (to stderr) and
 *     malloc_info;
 *   - std::pmr: a synchronized pool over new_delete_resource, filled and destroyed: nothing of it
 *     may stay live, at any depth of its stacks.
 * Prints "expect FUNCTION BYTES BLOCKS MAXFRAME" lines: C++ allocations reach malloc through
 * operator new in libstdc++, so their function is frame 1, or deeper for pmr.
 */
#include <malloc.h>

#include <memory_resource>
#include <new>
#include <string>
#include <vector>

extern "C" {
#include "stress_report.h"
}

enum { USABLE_BLOCKS = 64, ALIGNED_OBJECTS = 10, PAGE_ALIGNED = 3, MMAPPED = 8, MMAPPED_SIZE = 5000 };

struct alignas(256) Aligned {
    char bytes[1000];
};

static void *usable_blocks[USABLE_BLOCKS];
static Aligned *aligned_objects[ALIGNED_OBJECTS];
static void *page_aligned[PAGE_ALIGNED];
static void *mmapped[MMAPPED];

/* C linkage: the dumps name these functions unmangled, as the test expects them. */
extern "C" {

__attribute__((noinline)) void *compat_usable_alloc(size_t size) { return malloc(size); }
__attribute__((noinline)) void *compat_usable_grow(void *p, size_t size) { return realloc(p, size); }

static void fill_usable(void *p)
{
    memset(p, 0xff, malloc_usable_size(p));
}

__attribute__((noinline)) void compat_usable(void)
{
    uint64_t kept_bytes = 0, kept = 0, grown_bytes = 0, grown = 0;
    for (int i = 0; i < USABLE_BLOCKS; i++) {
        usable_blocks[i] = compat_usable_alloc(1 + i);
        if (!usable_blocks[i] || malloc_usable_size(usable_blocks[i]) < (size_t)(1 + i))
            die("usable size below the request");
        fill_usable(usable_blocks[i]);
    }
    for (int i = 0; i < USABLE_BLOCKS; i++) {
        if (i % 2) {
            free(usable_blocks[i]);
        } else if (i % 4 == 0) {
            usable_blocks[i] = compat_usable_grow(usable_blocks[i], 101 + i);
            fill_usable(usable_blocks[i]);
            grown_bytes += 101 + i, grown++;
        } else {
            kept_bytes += 1 + i, kept++;
        }
    }
    say("expect compat_usable_alloc %llu %llu 0\n", (unsigned long long)kept_bytes, (unsigned long long)kept);
    say("expect compat_usable_grow %llu %llu 0\n", (unsigned long long)grown_bytes, (unsigned long long)grown);
}

__attribute__((noinline)) void compat_aligned_new(void)
{
    for (int i = 0; i < ALIGNED_OBJECTS; i++) {
        aligned_objects[i] = new Aligned;
        if ((uintptr_t)aligned_objects[i] % 256)
            die("misaligned new");
    }
    delete new Aligned; /* aligned, sized delete */
    say("expect compat_aligned_new %zu %d 1\n", ALIGNED_OBJECTS * sizeof(Aligned), ALIGNED_OBJECTS);
}

__attribute__((noinline)) void compat_page_aligned_new(void)
{
    for (int i = 0; i < PAGE_ALIGNED; i++) {
        page_aligned[i] = ::operator new(5000, std::align_val_t(4096));
        if ((uintptr_t)page_aligned[i] % 4096)
            die("misaligned operator new");
    }
    ::operator delete(::operator new(5000, std::align_val_t(4096)), 5000, std::align_val_t(4096));
    /* libstdc++ asks aligned_alloc for the size rounded up to the alignment, which is what counts. */
    say("expect compat_page_aligned_new %d %d 1\n", 8192 * PAGE_ALIGNED, PAGE_ALIGNED);
}

__attribute__((noinline)) void *compat_after_mallopt(size_t size) { return malloc(size); }

__attribute__((noinline)) void compat_malloc_extensions(void)
{
    if (mallopt(M_MMAP_THRESHOLD, 4096) != 1)
        die("mallopt");
    for (int i = 0; i < MMAPPED; i++)
        if (!(mmapped[i] = compat_after_mallopt(MMAPPED_SIZE)))
            die("malloc after mallopt");
    free(compat_after_mallopt(3 * MMAPPED_SIZE));
    malloc_trim(0);
    struct mallinfo2 info = mallinfo2();
    if (info.uordblks + info.hblkhd < (size_t)MMAPPED * MMAPPED_SIZE)
        die("mallinfo2 does not count the blocks in use");
    malloc_stats();
    FILE *sink = fopen("/dev/null", "w");
    if (!sink || malloc_info(0, sink) != 0)
        die("malloc_info");
    fclose(sink);
    say("expect compat_after_mallopt %d %d 0\n", MMAPPED * MMAPPED_SIZE, MMAPPED);
}

__attribute__((noinline)) void compat_pmr_pool(void)
{
    {
        std::pmr::synchronized_pool_resource pool(std::pmr::new_delete_resource());
        std::pmr::vector<std::pmr::string> strings(&pool);
        for (int i = 0; i < 1000; i++)
            strings.emplace_back(std::string(40 + i % 200, 'x'));
        strings.erase(strings.begin(), strings.begin() + 500);
    }
    say("expect compat_pmr_pool 0 0 30\n");
}

} /* extern "C" */

int main()
{
    compat_usable();
    compat_aligned_new();
    compat_page_aligned_new();
    compat_malloc_extensions();
    compat_pmr_pool();
    return 0;
}
