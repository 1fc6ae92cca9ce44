/*
 * dump_writer.h - writing a snapshot as a dump file, and appending its point to the series.
 *
 * Files appear complete or not at all (temporary name, then rename), mode 0600, never through a
 * symlink, never on descriptors 0-2. The directory is opened afresh for every dump because
 * programs close and reuse descriptors behind our back (daemons close everything at start).
 */
#ifndef HEAPWATCH_DUMP_WRITER_H
#define HEAPWATCH_DUMP_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "snapshot.h"

struct identity {
    pid_t pid;
    char exe[4096];
    char cmdline[4096]; /* NUL-separated arguments, as in /proc/self/cmdline */
    size_t cmdline_len;
};

/* Reads the identity of the calling process. */
void identity_read(struct identity *id);

/*
 * The first sequence number free for this pid in the dump directory. An exec'd program keeps its
 * pid and starts heapwatch afresh; it continues the numbering instead of colliding with its
 * former self's files.
 */
uint32_t dump_first_free_seq(pid_t pid);

/* Whether something already has dump seq's name (a planted link, say); warns once. */
int dump_name_taken(pid_t pid, uint32_t seq);

/* Writes dump `s` for process `id` into hw_config.dir; returns 0 on success. */
int dump_write(const struct snapshot *s, const struct identity *id);

#endif
