/*
 * arena.h - heapwatch's own memory, taken from mmap and never from the program's heap.
 *
 * Keeping internal memory off the heap means heapwatch never recurses into malloc for its
 * tables, never perturbs the program's heap layout, and can report exactly what it costs
 * (self_bytes in every dump). A failure is reported, never fatal: callers degrade (a table stops
 * growing, a block goes unrecorded and is counted as dropped).
 */
#ifndef HEAPWATCH_ARENA_H
#define HEAPWATCH_ARENA_H

#include <stddef.h>

/* Zeroed, page-aligned memory for the tables, or NULL. */
void *arena_map(size_t bytes);

/*
 * The same for the dump path, which is exempt from the test limit below: when the tables can no
 * longer grow, the dumps must still be written, saying how many blocks were dropped.
 */
void *arena_map_for_dumps(size_t bytes);
void arena_unmap(void *p, size_t bytes);

/* Bytes heapwatch currently has mapped. */
size_t arena_mapped_bytes(void);

/*
 * A bump allocator over arena chunks, for data that lives as long as the process
 * (stack frames, interned strings). Not thread-safe: each owner serialises its own use.
 */
struct bump {
    char *cur;
    char *end;
    int for_dumps; /* take chunks with arena_map_for_dumps */
};

void *bump_alloc(struct bump *b, size_t size, size_t align);
/* Copies a string into the bump area; NULL on failure. */
char *bump_strdup(struct bump *b, const char *s, size_t len);

/* Test hook (HEAPWATCH_TEST_MMAP_LIMIT): arena_map fails once this many bytes are mapped. */
void arena_set_limit(size_t bytes);

#endif
