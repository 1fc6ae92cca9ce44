/* dump_dir.c: finds the dump files and series files in a directory, groups them by process and orders
 * each process's dumps by their sequence number (numerically: seq may outgrow its zero padding), then
 * loads them, checking that each file holds what its name says. */
#include "dump.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses "heapwatch.<pid>.<seq>.txt" or "heapwatch.<pid>.series"; false for any other name. */
static bool parse_name(const char *name, uint64_t *pid, uint64_t *seq, bool *is_series)
{
    char tail[16];
    int used = 0;
    if (strncmp(name, "heapwatch.", 10) != 0 || name[10] < '0' || name[10] > '9')
        return false;
    if (sscanf(name + 10, "%" SCNu64 ".series%n", pid, &used) == 1 && used > 0 && name[10 + used] == '\0') {
        *is_series = true;
        return true;
    }
    used = 0;
    if (sscanf(name + 10, "%" SCNu64 ".%" SCNu64 "%15s", pid, seq, tail) == 3 && strcmp(tail, ".txt") == 0) {
        const char *seq_text = strchr(name + 10, '.') + 1;
        *is_series = false;
        return seq_text[0] >= '0' && seq_text[0] <= '9';
    }
    return false;
}

static struct hw_process *process_of(struct hw_dir *dir, uint64_t pid, size_t *cap)
{
    for (size_t i = 0; i < dir->nprocs; i++)
        if (dir->procs[i].pid == pid)
            return &dir->procs[i];
    if (dir->nprocs == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 4;
        struct hw_process *grown = realloc(dir->procs, grown_cap * sizeof *grown);
        if (!grown)
            return NULL;
        dir->procs = grown;
        *cap = grown_cap;
    }
    struct hw_process *p = &dir->procs[dir->nprocs++];
    memset(p, 0, sizeof *p);
    p->pid = pid;
    return p;
}

static char *join_path(const char *dir, const char *name)
{
    char *path;
    return asprintf(&path, "%s/%s", dir, name) < 0 ? NULL : path;
}

static bool add_dump_file(struct hw_process *p, uint64_t seq, char *path)
{
    /* Growing one at a time keeps this simple; directories hold at most thousands of dumps. */
    struct hw_dump_file *grown = realloc(p->files, (p->nfiles + 1) * sizeof *grown);
    if (!grown)
        return false;
    p->files = grown;
    p->files[p->nfiles++] = (struct hw_dump_file){ .seq = seq, .path = path };
    return true;
}

static bool add_entry(struct hw_dir *dir, const char *name, size_t *cap, struct hw_error *err)
{
    uint64_t pid, seq = 0;
    bool is_series;
    if (!parse_name(name, &pid, &seq, &is_series))
        return true;   /* not ours: temporary files, notes, other tools' output */
    struct hw_process *p = process_of(dir, pid, cap);
    char *path = p ? join_path(dir->path, name) : NULL;
    if (!path) {
        hw_error_set(err, "%s: out of memory", dir->path);
        return false;
    }
    if (is_series && p->series_path) {
        /* `heapwatch.12.series` and `heapwatch.012.series`: which one the run wrote would be a guess. */
        hw_error_set(err, "%s and %s: two series files of pid %" PRIu64, p->series_path, path, pid);
        free(path);
        return false;
    }
    if (is_series) {
        p->series_path = path;
        return true;
    }
    if (add_dump_file(p, seq, path))
        return true;
    hw_error_set(err, "%s: out of memory", dir->path);
    free(path);
    return false;
}

static int by_seq(const void *a, const void *b)
{
    uint64_t x = ((const struct hw_dump_file *)a)->seq, y = ((const struct hw_dump_file *)b)->seq;
    return (x > y) - (x < y);
}

static int by_pid(const void *a, const void *b)
{
    uint64_t x = ((const struct hw_process *)a)->pid, y = ((const struct hw_process *)b)->pid;
    return (x > y) - (x < y);
}

/* Sorts, and refuses two files with the same seq (e.g. `000001` and `0000001`). */
static bool order_files(struct hw_dir *dir, struct hw_error *err)
{
    qsort(dir->procs, dir->nprocs, sizeof *dir->procs, by_pid);
    for (size_t i = 0; i < dir->nprocs; i++) {
        struct hw_process *p = &dir->procs[i];
        qsort(p->files, p->nfiles, sizeof *p->files, by_seq);
        for (size_t k = 1; k < p->nfiles; k++)
            if (p->files[k].seq == p->files[k - 1].seq) {
                hw_error_set(err, "%s and %s: two dumps with the same pid and seq", p->files[k - 1].path,
                             p->files[k].path);
                return false;
            }
    }
    return true;
}

/* Drops processes that left only a series file: they have no stacks to analyse. */
static void drop_series_only(struct hw_dir *dir)
{
    size_t kept = 0;
    for (size_t i = 0; i < dir->nprocs; i++) {
        if (dir->procs[i].nfiles == 0) {
            free(dir->procs[i].series_path);
            continue;
        }
        dir->procs[kept++] = dir->procs[i];
    }
    dir->nprocs = kept;
}

bool hw_dir_scan(const char *dirpath, struct hw_dir *out, struct hw_error *err)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dirpath);
    if (!d) {
        hw_error_set(err, "%s: %s", dirpath, strerror(errno));
        return false;
    }
    out->path = strdup(dirpath);
    size_t cap = 0;
    bool ok = out->path != NULL;
    if (!ok)
        hw_error_set(err, "%s: out of memory", dirpath);
    struct dirent *e;
    while (ok && (e = readdir(d)))
        ok = add_entry(out, e->d_name, &cap, err);
    closedir(d);
    if (!ok) {
        hw_dir_free(out);
        return false;
    }
    drop_series_only(out);
    if (out->nprocs == 0) {
        hw_error_set(err, "%s: no heapwatch dumps here (files named heapwatch.<pid>.<seq>.txt)", dirpath);
        hw_dir_free(out);
        return false;
    }
    if (!order_files(out, err)) {
        hw_dir_free(out);
        return false;
    }
    return true;
}

/* A file whose header disagrees with its name was renamed or copied by hand: its place in the
 * series would be a guess. */
bool hw_process_load_file(const struct hw_process *proc, size_t index, struct hw_dump *out, struct hw_error *err)
{
    const struct hw_dump_file *f = &proc->files[index];
    if (!hw_dump_load(f->path, out, err))
        return false;
    if (out->pid == proc->pid && out->seq == f->seq)
        return true;
    hw_error_set(err, "%s: the file holds pid %" PRIu64 " seq %" PRIu64 ", its name says pid %" PRIu64
                 " seq %" PRIu64, f->path, out->pid, out->seq, proc->pid, f->seq);
    hw_dump_free(out);
    return false;
}

/* A running process prunes its old dumps (HEAPWATCH_KEEP): files the scan listed may be gone by now.
 * The newest is kept in the list even then, so that its absence is reported. */
static void forget_pruned_files(struct hw_process *proc)
{
    size_t kept = 0;
    for (size_t i = 0; i < proc->nfiles; i++) {
        struct hw_dump_file f = proc->files[i];
        if (i + 1 < proc->nfiles && access(f.path, F_OK) != 0 && errno == ENOENT) {
            free(f.path);
            continue;
        }
        proc->files[kept++] = f;
    }
    proc->nfiles = kept;
}

bool hw_process_load(struct hw_process *proc, struct hw_error *err)
{
    if (proc->dumps)
        return true;
    proc->dumps = calloc(proc->nfiles, sizeof *proc->dumps);
    if (!proc->dumps) {
        hw_error_set(err, "out of memory loading pid %" PRIu64, proc->pid);
        return false;
    }
    forget_pruned_files(proc);
    for (proc->ndumps = 0; proc->ndumps < proc->nfiles; proc->ndumps++)
        if (!hw_process_load_file(proc, proc->ndumps, &proc->dumps[proc->ndumps], err))
            return false;
    if (!proc->series_path)
        return true;
    proc->series = calloc(1, sizeof *proc->series);
    if (!proc->series) {
        hw_error_set(err, "out of memory loading pid %" PRIu64, proc->pid);
        return false;
    }
    if (hw_series_load(proc->series_path, proc->series, err)) {
        if (proc->series->pid == proc->pid)
            return true;
        hw_error_set(err, "%s: the file holds the series of pid %" PRIu64 ", its name says pid %" PRIu64,
                     proc->series_path, proc->series->pid, proc->pid);
        hw_series_free(proc->series);
    }
    free(proc->series);
    proc->series = NULL;
    return false;
}

bool hw_dir_load(struct hw_dir *dir, struct hw_error *err)
{
    for (size_t i = 0; i < dir->nprocs; i++)
        if (!hw_process_load(&dir->procs[i], err))
            return false;
    return true;
}

bool hw_dir_load_pid(struct hw_dir *dir, uint64_t pid, struct hw_error *err)
{
    if (pid == 0)
        return hw_dir_load(dir, err);
    struct hw_process *proc = hw_dir_pick(dir, pid, err);
    return proc && hw_process_load(proc, err);
}

struct hw_process *hw_dir_pick(struct hw_dir *dir, uint64_t want_pid, struct hw_error *err)
{
    if (want_pid == 0 && dir->nprocs == 1)
        return &dir->procs[0];
    for (size_t i = 0; want_pid && i < dir->nprocs; i++)
        if (dir->procs[i].pid == want_pid)
            return &dir->procs[i];
    char pids[160] = "";
    size_t listed = 0;
    for (; listed < dir->nprocs && listed < 10; listed++) {
        size_t used = strlen(pids);
        snprintf(pids + used, sizeof pids - used, "%s%" PRIu64, listed ? ", " : "", dir->procs[listed].pid);
    }
    if (listed < dir->nprocs) {
        size_t used = strlen(pids);
        snprintf(pids + used, sizeof pids - used, " and %zu more", dir->nprocs - listed);
    }
    if (want_pid)
        hw_error_set(err, "%s: no dumps of pid %" PRIu64 " (pids here: %s)", dir->path, want_pid, pids);
    else
        hw_error_set(err, "%s: dumps of several processes (pids %s); choose one with --pid", dir->path, pids);
    return NULL;
}

void hw_dir_free(struct hw_dir *dir)
{
    for (size_t i = 0; i < dir->nprocs; i++) {
        struct hw_process *p = &dir->procs[i];
        for (size_t k = 0; k < p->ndumps; k++)
            hw_dump_free(&p->dumps[k]);
        for (size_t k = 0; k < p->nfiles; k++)
            free(p->files[k].path);
        if (p->series)
            hw_series_free(p->series);
        free(p->series);
        free(p->dumps);
        free(p->files);
        free(p->series_path);
    }
    free(dir->procs);
    free(dir->path);
    memset(dir, 0, sizeof *dir);
}
