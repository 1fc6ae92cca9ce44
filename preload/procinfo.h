/*
 * procinfo.h - process facts from /proc, read without stdio or malloc.
 *
 * The dump reports them next to the heap figures: RSS to compare with the live heap, open
 * sockets as the x-axis of "bytes per connection", threads for thread-per-connection servers.
 */
#ifndef HEAPWATCH_PROCINFO_H
#define HEAPWATCH_PROCINFO_H

#include <stddef.h>
#include <stdint.h>

struct proc_info {
    uint64_t rss_bytes;
    uint32_t fds;
    uint32_t sockets;
    uint32_t threads;
};

void procinfo_read(struct proc_info *out);

/* Set on a thread with a descriptor table of its own (the dump thread, see dumper.c). */
extern __thread int hw_private_descriptors __attribute__((tls_model("initial-exec")));

/*
 * Threads of this process that are still running (not zombies), not counting the caller; when it
 * cannot tell, it says 1: believing the process down to our own thread would make us end it.
 */
int procinfo_other_live_threads(void);

/* Reads a whole small /proc file into buf (NUL-terminated); returns its length or -1. */
long procinfo_read_file(const char *path, char *buf, size_t size);

/*
 * Calls fn for each entry of an open directory, skipping dot files, until fn returns non-zero.
 * Returns 0, or -1 if the directory could not be read to its end.
 */
int procinfo_each_entry(int dirfd, int (*fn)(int dirfd, const char *name, void *ctx), void *ctx);

/*
 * The code of the loaded module whose load address is `base` (from dl_iterate_phdr: the caller
 * holds the fork gate). Returns 0 and fills [*start, *end), or -1 if no such module is loaded.
 */
int procinfo_code_range(uintptr_t base, uintptr_t *start, uintptr_t *end);

/* Calls fn for every executable mapping (start, end, file offset, path). */
void procinfo_each_code_mapping(void (*fn)(void *ctx, uint64_t start, uint64_t end, uint64_t offset,
                                           const char *path),
                                void *ctx);

#endif
