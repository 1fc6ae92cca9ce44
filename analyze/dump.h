/* dump.h: the in-memory form of heapwatch's dump files and series files (docs/FORMAT.md, version 1),
 * and the functions that load them. This is the only interface the subcommands use to read input, so
 * every reader of dumps (top, diff, trend, flame, pprof, check, report) sees the same validated data.
 *
 * Loading is strict: a file that breaks the format is refused with one message naming FILE:LINE, never
 * half-read. Unknown record types and fields beyond the defined ones are ignored, as the format asks.
 *
 * Memory: a loaded dump owns its file's bytes; every string in it points into that buffer (decoded
 * in place) and lives until hw_dump_free(). A struct hw_dir owns everything loaded through it.
 *
 * Typical use:
 *     struct hw_error err;
 *     struct hw_dir dir;
 *     if (!hw_dir_scan("dumps", &dir, &err) || !hw_dir_load(&dir, &err)) { fputs(err.msg, stderr); ... }
 *     for each dir.procs[i]: dumps[0..ndumps) in seq order, series (may be NULL)
 *     hw_dir_free(&dir);
 */
#ifndef HEAPWATCH_DUMP_H
#define HEAPWATCH_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The format version this reader understands. */
#define HW_FORMAT_VERSION 1

enum hw_reason { HW_REASON_INTERVAL, HW_REASON_SIGNAL, HW_REASON_EXIT };

/* "interval", "signal", "exit", indexed by enum hw_reason; NULL-terminated. */
extern const char *const hw_reason_names[];

/* One `frame` record. Strings are NULL where the dump says `?`. */
struct hw_frame {
    uint64_t address;        /* raw return address */
    const char *module;      /* path of the shared object or executable */
    uint64_t offset;         /* address minus the module's load base; valid when has_offset */
    bool has_offset;
    const char *function;    /* "name+0xOFF" as written; see frames.h for the bare name */
    const char *source;      /* "file:line" */
};

/* One `stack` record with its frames (frames[0] called the allocator). */
struct hw_stack {
    uint64_t rank;
    uint64_t id;             /* same stack, same id, in every dump of a process */
    uint64_t live_bytes, live_blocks;
    uint64_t alloc_bytes, alloc_blocks;
    uint64_t peak_bytes;     /* highest live bytes of this stack at any time */
    int64_t growth_bytes;    /* live bytes minus those at the previous dump */
    uint64_t at_peak_bytes;  /* live bytes at the moment of the process's peak */
    double share;            /* percent of the header's live_bytes */
    const char *site;        /* OpenSSL file:line, or NULL for `-` */
    size_t nframes;
    struct hw_frame *frames;
};

/* One `ranking` record and the stacks it lists. */
struct hw_ranking {
    uint64_t candidates;     /* stacks that qualified; > nstacks when the list was cut at the top N */
    size_t nstacks;
    struct hw_stack *stacks;
};

/* The `rest` record: the live stacks the live ranking does not show. */
struct hw_rest {
    uint64_t stacks, live_bytes, live_blocks, alloc_bytes, alloc_blocks;
};

/* One `site` record: live bytes allocated through OpenSSL from one file:line. */
struct hw_site {
    uint64_t rank;
    const char *site;
    uint64_t live_bytes, live_blocks, alloc_blocks;
    double share;            /* percent of the sites' openssl_live_bytes */
};

/* One `map` record: an executable mapping of the process. */
struct hw_map {
    uint64_t start, end, file_offset;
    const char *path;
};

/* One dump file. Header fields carry the names of their records in docs/FORMAT.md. */
struct hw_dump {
    const char *path;        /* the file it was loaded from */

    uint64_t pid, ppid;
    const char *exe;
    size_t argc;
    const char **argv;       /* cmdline, decoded */
    uint64_t seq;
    enum hw_reason reason;
    bool final;
    const char *time;
    double time_unix, uptime, interval;
    uint64_t depth, sample_rate;
    bool estimated;
    const char *openssl_state, *openssl_detail;
    uint64_t live_bytes, live_blocks, peak_live_bytes;
    const char *peak_time;   /* NULL for `-` (no allocation yet) */
    double peak_uptime;      /* 0 when peak_time is NULL */
    uint64_t total_allocs, total_frees, total_alloc_bytes, total_freed_bytes;
    uint64_t untracked_frees, mismatched_frees, dropped_allocs;
    uint64_t openssl_live_bytes, openssl_live_blocks, openssl_total_allocs;
    uint64_t rss_bytes, fds, sockets, threads, self_bytes, metadata_bytes_per_block;
    uint64_t stacks, sites, dump_pause_max_us;

    struct hw_ranking live, growth, peak;
    struct hw_rest rest;

    uint64_t sites_candidates, sites_openssl_live_bytes;
    size_t nsites;
    struct hw_site *site_list;

    size_t nmaps;
    struct hw_map *maps;

    /* Owned storage. */
    char *text;
    struct hw_frame *frame_pool;
};

/* One `point` record of a series file. */
struct hw_point {
    uint64_t seq;
    double time_unix, uptime;
    enum hw_reason reason;
    uint64_t live_bytes, live_blocks, peak_live_bytes, rss_bytes, fds, sockets, threads;
    uint64_t openssl_live_bytes, total_allocs, total_frees, self_bytes;
};

/* A series file (`heapwatch.<pid>.series`). */
struct hw_series {
    const char *path;
    uint64_t pid;
    const char *exe;
    size_t npoints;
    struct hw_point *points;
    char *text;
};

/* Parses a dump held in memory. TEXT (LEN bytes) is modified and taken over by OUT (freed on failure
 * too), so it must come from malloc. NAME is used in messages and kept as OUT->path: it must outlive
 * OUT. */
bool hw_dump_parse(const char *name, char *text, size_t len, struct hw_dump *out, struct hw_error *err);

/* Reads and parses the dump file PATH. */
bool hw_dump_load(const char *path, struct hw_dump *out, struct hw_error *err);

void hw_dump_free(struct hw_dump *dump);

/* Series file, same conventions as hw_dump_parse / hw_dump_load. */
bool hw_series_parse(const char *name, char *text, size_t len, struct hw_series *out, struct hw_error *err);
bool hw_series_load(const char *path, struct hw_series *out, struct hw_error *err);
void hw_series_free(struct hw_series *series);

/* The dump files of one process found in a directory, oldest first. */
struct hw_dump_file {
    uint64_t seq;
    char *path;
};

struct hw_process {
    uint64_t pid;
    size_t nfiles;
    struct hw_dump_file *files;   /* sorted by seq (numerically) */
    char *series_path;            /* NULL when the directory has no series file for this pid */
    /* Filled by hw_dir_load / hw_process_load: */
    size_t ndumps;                /* == nfiles once loaded */
    struct hw_dump *dumps;        /* dumps[i] is files[i] */
    struct hw_series *series;     /* NULL when there is no series file */
};

struct hw_dir {
    char *path;
    size_t nprocs;
    struct hw_process *procs;     /* sorted by pid */
};

/* Lists the dumps in DIRPATH (names only, nothing parsed). Fails when DIRPATH cannot be read or holds
 * no dump files. */
bool hw_dir_scan(const char *dirpath, struct hw_dir *out, struct hw_error *err);

/* Parses the dump file proc->files[INDEX] into OUT, checking its pid and seq against its name. */
bool hw_process_load_file(const struct hw_process *proc, size_t index, struct hw_dump *out, struct hw_error *err);

/* Parses every dump (and the series file) of one process, checking each file's pid and seq against its
 * name. */
bool hw_process_load(struct hw_process *proc, struct hw_error *err);

/* hw_process_load for every process of the directory. */
bool hw_dir_load(struct hw_dir *dir, struct hw_error *err);

/* PID 0: hw_dir_load; else loads only that process (failing, naming the pids there, when it has no
 * dumps in DIR). Processes left out keep ndumps == 0. */
bool hw_dir_load_pid(struct hw_dir *dir, uint64_t pid, struct hw_error *err);

/* The one process of DIR; when there are several, WANT_PID (0: none given) picks one, else fails
 * naming the pids found. */
struct hw_process *hw_dir_pick(struct hw_dir *dir, uint64_t want_pid, struct hw_error *err);

void hw_dir_free(struct hw_dir *dir);

#endif
