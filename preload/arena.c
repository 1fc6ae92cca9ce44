/*
 * arena.c - mmap-backed memory for heapwatch's tables, with accounting.
 */
#include "arena.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define BUMP_CHUNK (64u << 10)

static atomic_size_t mapped;
static size_t limit = SIZE_MAX;

void arena_set_limit(size_t bytes) { limit = bytes; }

void *arena_map(size_t bytes)
{
    if (atomic_load_explicit(&mapped, memory_order_relaxed) + bytes > limit)
        return NULL;
    return arena_map_for_dumps(bytes);
}

void *arena_map_for_dumps(size_t bytes)
{
    if (bytes == 0)
        return NULL;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    atomic_fetch_add_explicit(&mapped, bytes, memory_order_relaxed);
    return p;
}

void arena_unmap(void *p, size_t bytes)
{
    if (!p)
        return;
    munmap(p, bytes);
    atomic_fetch_sub_explicit(&mapped, bytes, memory_order_relaxed);
}

size_t arena_mapped_bytes(void) { return atomic_load_explicit(&mapped, memory_order_relaxed); }

void *bump_alloc(struct bump *b, size_t size, size_t align)
{
    uintptr_t cur = ((uintptr_t)b->cur + align - 1) & ~(uintptr_t)(align - 1);
    if (!b->cur || cur + size > (uintptr_t)b->end) {
        size_t chunk = size + align > BUMP_CHUNK ? size + align : BUMP_CHUNK;
        char *mem = b->for_dumps ? arena_map_for_dumps(chunk) : arena_map(chunk);
        if (!mem)
            return NULL;
        b->cur = mem;
        b->end = mem + chunk;
        cur = ((uintptr_t)b->cur + align - 1) & ~(uintptr_t)(align - 1);
    }
    b->cur = (char *)(cur + size);
    return (void *)cur;
}

char *bump_strdup(struct bump *b, const char *s, size_t len)
{
    char *copy = bump_alloc(b, len + 1, 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}
