/*
 * procinfo.c - /proc readers built on open/read/getdents64 only.
 *
 * The dump thread may run while other threads hold stdio or malloc locks (or after fork), so
 * nothing here touches FILE*, opendir or the heap. Files are read through /proc/thread-self:
 * /proc/self/... is empty once the main thread has called pthread_exit.
 */
#include "procinfo.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

long procinfo_read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    while (len + 1 < size) {
        ssize_t n = read(fd, buf + len, size - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    return (long)len;
}

void procinfo_each_entry(int dirfd, int (*fn)(int dirfd, const char *name, void *ctx), void *ctx)
{
    char buf[4096] __attribute__((aligned(8)));
    for (;;) {
        long n = syscall(SYS_getdents64, dirfd, buf, sizeof buf);
        if (n <= 0)
            return;
        for (long off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] == '.')
                continue;
            if (fn(dirfd, d->d_name, ctx))
                return;
        }
    }
}

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
    int dirfd = open("/proc/thread-self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd >= 0) {
        struct fd_count c = {0, 0};
        procinfo_each_entry(dirfd, count_fd, &c);
        close(dirfd);
        out->fds = c.fds > 0 ? c.fds - 1 : 0; /* minus our own directory descriptor */
        out->sockets = c.sockets;
    }
    out->threads = thread_count();
}

struct live_threads {
    pid_t self;
    int others;
};

static int count_live_thread(int dirfd, const char *name, void *ctx)
{
    struct live_threads *t = ctx;
    if ((pid_t)atoi(name) == t->self)
        return 0;
    char buf[512];
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int statfd = openat(fd, "stat", O_RDONLY | O_CLOEXEC);
    close(fd);
    if (statfd < 0)
        return 0;
    ssize_t n = read(statfd, buf, sizeof buf - 1);
    close(statfd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    if (p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X')
        t->others++;
    return t->others > 0; /* one is enough */
}

int procinfo_other_live_threads(void)
{
    struct live_threads t = {(pid_t)syscall(SYS_gettid), 0};
    int dirfd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return 1; /* cannot tell: assume the program is alive */
    procinfo_each_entry(dirfd, count_live_thread, &t);
    close(dirfd);
    return t.others;
}

void procinfo_each_code_mapping(void (*fn)(void *, uint64_t, uint64_t, uint64_t, const char *), void *ctx)
{
    int fd = open("/proc/thread-self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[8192];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
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
    close(fd);
}
