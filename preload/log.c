/*
 * log.c - formatting a warning line on the stack and writing it to stderr in one call.
 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "guard.h"
#include "procinfo.h"

static void vwarn(const char *fmt, va_list ap)
{
    char line[512];
    int saved_errno = errno;
    hw_guard_enter();
    int n = snprintf(line, sizeof line, "heapwatch: ");
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    if (hw_private_descriptors) {
        /* This thread keeps no copy of stderr (dumper.c): reach the program's current one. */
        int fd = open("/proc/self/fd/2", O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t unused = write(fd, line, len);
            (void)unused;
            close(fd);
        }
    } else {
        ssize_t unused = write(STDERR_FILENO, line, len);
        (void)unused;
    }
    hw_guard_leave();
    errno = saved_errno;
}

void hw_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
}

int hw_warn_once(int *once, const char *fmt, ...)
{
    if (__atomic_exchange_n(once, 1, __ATOMIC_RELAXED))
        return 0;
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
    return 1;
}
