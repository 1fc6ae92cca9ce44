/*
 * procinfo.c - /proc readers built on open/read/getdents64 only.
 *
 * The dump thread may run while other threads hold stdio or malloc locks (or after fork), so
 * nothing here touches FILE*, opendir or the heap. Files are read through /proc/thread-self:
 * /proc/self/... is empty once the main thread has called pthread_exit.
 */
#include "procinfo.h"

#include <dirent.h>
#include <elf.h>
#include <link.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

#include "own_fd.h"

long procinfo_read_file(const char *path, char *buf, size_t size)
{
    struct own_fd f;
    if (own_open(&f, AT_FDCWD, path, O_RDONLY, 0) < 0)
        return -1;
    size_t len = 0;
    while (len + 1 < size) {
        ssize_t n = read(f.fd, buf + len, size - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    own_close(&f);
    buf[len] = '\0';
    return (long)len;
}

int procinfo_each_entry(int dirfd, int (*fn)(int dirfd, const char *name, void *ctx), void *ctx)
{
    char buf[4096] __attribute__((aligned(8)));
    for (;;) {
        long n = syscall(SYS_getdents64, dirfd, buf, sizeof buf);
        if (n <= 0)
            return n < 0 ? -1 : 0;
        for (long off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] == '.')
                continue;
            if (fn(dirfd, d->d_name, ctx))
                return 0;
        }
    }
}

__thread int hw_private_descriptors __attribute__((tls_model("initial-exec")));

struct fd_count {
    uint32_t fds;
    uint32_t sockets;
};

static int count_fd(int dirfd, const char *name, void *ctx)
{
    struct fd_count *c = ctx;
    char target[64];
    c->fds++;
    ssize_t n = readlinkat(dirfd, name, target, sizeof target - 1);
    if (n > 7 && memcmp(target, "socket:", 7) == 0)
        c->sockets++;
    return 0;
}

/* Field 20 of /proc/self/stat (after the parenthesised command name, which may hold spaces). */
static uint32_t thread_count(void)
{
    char buf[1024];
    if (procinfo_read_file("/proc/thread-self/stat", buf, sizeof buf) <= 0)
        return 0;
    const char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 20; field++)
        p = strchr(p + 1, ' ');
    return p ? (uint32_t)strtoul(p + 1, NULL, 10) : 0;
}

void procinfo_read(struct proc_info *out)
{
    char buf[256];
    memset(out, 0, sizeof *out);
    if (procinfo_read_file("/proc/thread-self/statm", buf, sizeof buf) > 0) {
        const char *p = strchr(buf, ' ');
        if (p)
            out->rss_bytes = strtoull(p + 1, NULL, 10) * (uint64_t)sysconf(_SC_PAGESIZE);
    }
    /* The program's descriptors: the process's table, which a private one (ours) is not. */
    struct own_fd dir;
    if (own_open(&dir, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY, 0) >= 0) {
        struct fd_count c = {0, 0};
        procinfo_each_entry(dir.fd, count_fd, &c);
        own_close(&dir);
        /* Minus our own directory descriptor, when it is in the program's table. */
        out->fds = c.fds > 0 && !hw_private_descriptors ? c.fds - 1 : c.fds;
        out->sockets = c.sockets;
    }
    out->threads = thread_count();
}

struct live_threads {
    pid_t self;
    int others;
};

/*
 * Counts a thread unless its stat line clearly says it is a zombie or dead. Anything unclear
 * (cannot open, cannot read, not a stat line) counts as alive: wrongly believing the process
 * is down to our own thread would make heapwatch end it.
 */
static int count_live_thread(int dirfd, const char *name, void *ctx)
{
    struct live_threads *t = ctx;
    if ((pid_t)atoi(name) == t->self)
        return 0;
    char path[64], buf[512];
    snprintf(path, sizeof path, "%s/stat", name);
    struct own_fd stat_file;
    ssize_t n = -1;
    if (own_open(&stat_file, dirfd, path, O_RDONLY, 0) >= 0) {
        n = read(stat_file.fd, buf, sizeof buf - 1);
        own_close(&stat_file);
    }
    buf[n > 0 ? n : 0] = '\0';
    const char *p = strrchr(buf, ')');
    int dead = p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
    if (!dead)
        t->others++;
    return t->others > 0; /* one is enough */
}

int procinfo_other_live_threads(void)
{
    struct live_threads t = {(pid_t)syscall(SYS_gettid), 0};
    struct own_fd dir;
    if (own_open(&dir, AT_FDCWD, "/proc/self/task", O_RDONLY | O_DIRECTORY, 0) < 0)
        return 1;
    int complete = procinfo_each_entry(dir.fd, count_live_thread, &t) == 0 && own_still(&dir);
    own_close(&dir);
    return complete ? t.others : 1;
}

void procinfo_each_code_mapping(void (*fn)(void *, uint64_t, uint64_t, uint64_t, const char *), void *ctx)
{
    struct own_fd maps;
    if (own_open(&maps, AT_FDCWD, "/proc/thread-self/maps", O_RDONLY, 0) < 0)
        return;
    char buf[8192];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(maps.fd, buf + have, sizeof buf - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = '\0';
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = '\0';
            /* start-end perms offset dev inode path */
            char *p;
            uint64_t start = strtoull(line, &p, 16);
            uint64_t end = strtoull(p + 1, &p, 16);
            if (p[1] == 'r' && p[3] == 'x') {
                uint64_t offset = strtoull(p + 6, &p, 16);
                for (int skip = 0; skip < 2 && p; skip++) /* dev, inode */
                    p = strchr(p + 1, ' ');
                while (p && *p == ' ')
                    p++;
                if (p && *p == '/')
                    fn(ctx, start, end, offset, p);
            }
            line = nl + 1;
        }
        have = (size_t)(buf + have - line);
        memmove(buf, line, have);
        if (have == sizeof buf - 1)
            have = 0; /* a line longer than the buffer: drop it */
    }
    own_close(&maps);
}

struct code_range {
    uintptr_t base;
    uintptr_t start;
    uintptr_t end;
};

static int find_code_range(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    struct code_range *r = ctx;
    if (info->dlpi_addr != r->base)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (!r->start || start < r->start)
            r->start = start;
        if (start + ph->p_memsz > r->end)
            r->end = start + ph->p_memsz;
    }
    return 1;
}

int procinfo_code_range(uintptr_t base, uintptr_t *start, uintptr_t *end)
{
    struct code_range r = {.base = base};
    dl_iterate_phdr(find_code_range, &r);
    *start = r.start;
    *end = r.end;
    return r.end ? 0 : -1;
}
