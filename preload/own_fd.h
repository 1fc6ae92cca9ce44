/*
 * own_fd.h - the descriptors heapwatch opens inside someone else's process.
 *
 * The program may close or dup2() over any descriptor number at any moment: daemons close every
 * descriptor they did not open, shells dup2 over low numbers. A descriptor of ours can therefore
 * stop being ours between open and close, and closing it then would close the program's file
 * (or writing to it would write into the program's file). So each descriptor remembers what it
 * opened (device and inode) and is used and closed only while it still is that; and it is moved
 * to a high number, away from 0-2 and from the numbers the program's next open() or dup2() loop
 * is likely to take. What remains is a window of a few system calls; see docs/LIMITATIONS.md.
 */
#ifndef HEAPWATCH_OWN_FD_H
#define HEAPWATCH_OWN_FD_H

#include <sys/types.h>

struct own_fd {
    int fd; /* -1 when not open */
    dev_t dev;
    ino_t ino;
};

/* openat() with O_CLOEXEC added; returns the descriptor, or -1 with errno set. */
int own_open(struct own_fd *f, int dirfd, const char *path, int flags, mode_t mode);

/* Whether f->fd still refers to the file it was opened on. */
int own_still(const struct own_fd *f);

/* Closes f->fd if it is still ours (else leaves the number, now the program's, alone). */
void own_close(struct own_fd *f);

#endif
