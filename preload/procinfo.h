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

/* Threads of this process that are still running (not zombies), not counting the caller. */
int procinfo_other_live_threads(void);

/* Reads a whole small /proc file into buf (NUL-terminated); returns its length or -1. */
long procinfo_read_file(const char *path, char *buf, size_t size);

/* Calls fn for each entry of an open directory, skipping dot files, until fn returns non-zero. */
void procinfo_each_entry(int dirfd, int (*fn)(int dirfd, const char *name, void *ctx), void *ctx);

/* Calls fn for every executable mapping (start, end, file offset, path). */
void procinfo_each_code_mapping(void (*fn)(void *ctx, uint64_t start, uint64_t end, uint64_t offset,
                                           const char *path),
                                void *ctx);

#endif
