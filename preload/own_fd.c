/*
 * own_fd.c - opening high, checking identity, closing only what is still ours.
 */
#include "own_fd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Half the soft descriptor limit: far from the low numbers, always allowed. */
static int high_floor(void)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur > 64 && limit.rlim_cur < (1u << 20))
        return (int)(limit.rlim_cur / 2);
    return 3;
}

static int same_file(int fd, dev_t dev, ino_t ino)
{
    struct stat st;
    return fstat(fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

int own_open(struct own_fd *f, int dirfd, const char *path, int flags, mode_t mode)
{
    f->fd = openat(dirfd, path, flags | O_CLOEXEC, mode);
    if (f->fd < 0)
        return -1;
    struct stat st;
    if (fstat(f->fd, &st) != 0) {
        int saved = errno;
        close(f->fd);
        f->fd = -1;
        errno = saved;
        return -1;
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    int floor = high_floor();
    if (f->fd < floor) {
        int moved = fcntl(f->fd, F_DUPFD_CLOEXEC, floor);
        if (moved >= 0 || f->fd <= 2) {
            int low = f->fd;
            f->fd = moved;
            if (same_file(low, f->dev, f->ino))
                close(low);
            if (moved < 0)
                return -1;
        }
    }
    return f->fd;
}

int own_still(const struct own_fd *f) { return f->fd >= 0 && same_file(f->fd, f->dev, f->ino); }

void own_close(struct own_fd *f)
{
    if (own_still(f))
        close(f->fd);
    f->fd = -1;
}
