/*
 * real_alloc.h - the allocator heapwatch forwards to, and the memory it uses before it knows it.
 *
 * The real functions are found with dlsym(RTLD_NEXT) rather than glibc's __libc_* aliases so that
 * a program linked with another malloc (jemalloc, tcmalloc) is still profiled on top of *its*
 * allocator. dlsym itself allocates (calloc for its error state), so until resolution finishes,
 * requests are served from a small static bootstrap area that free() recognises and ignores.
 */
#ifndef HEAPWATCH_REAL_ALLOC_H
#define HEAPWATCH_REAL_ALLOC_H

#include <stddef.h>

struct real_alloc {
    void *(*malloc)(size_t);
    void (*free)(void *);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void *(*memalign)(size_t, size_t);
    int (*posix_memalign)(void **, size_t, size_t);
    void *(*aligned_alloc)(size_t, size_t);
    void *(*valloc)(size_t);
    void *(*pvalloc)(size_t);
    size_t (*malloc_usable_size)(void *);
};

extern struct real_alloc hw_real;

/* Resolves hw_real once; returns 0 when every function was found. Safe to call repeatedly. */
int real_alloc_resolve(void);

/* Whether fn is code of glibc's libc.so.6 (takes the loader's lock: not for the allocation path). */
int real_alloc_in_libc(const void *fn);

/* Bootstrap memory: handed out only while real_alloc_resolve() runs. */
#define BOOTSTRAP_BYTES (64 * 1024)
extern unsigned char hw_bootstrap_area[BOOTSTRAP_BYTES];

void *bootstrap_alloc(size_t size, size_t align);
size_t bootstrap_size(const void *p);

static inline int bootstrap_owns(const void *p)
{
    const unsigned char *c = p;
    return c >= hw_bootstrap_area && c < hw_bootstrap_area + BOOTSTRAP_BYTES;
}

#endif
