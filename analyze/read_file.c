/* read_file.c: whole-file reads for the dump and series loaders. Dumps are small (a few hundred lines),
 * so reading them at once keeps parsing simple and lets strings be decoded in place. */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Far above any real dump; protects against being pointed at a huge file by mistake. */
#define MAX_INPUT_BYTES (256u << 20)

bool hw_read_file(const char *path, char **text, size_t *len, struct hw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        hw_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    const char *problem = fstat(fd, &st) != 0 ? strerror(errno)
                        : S_ISDIR(st.st_mode) ? "is a directory, a file was expected"
                        : !S_ISREG(st.st_mode) ? "not a regular file"
                        : st.st_size > MAX_INPUT_BYTES ? "too large to be a heapwatch file"
                        : NULL;
    if (problem) {
        hw_error_set(err, "%s: %s", path, problem);
        close(fd);
        return false;
    }
    size_t cap = (size_t)st.st_size + 1, used = 0;
    char *buf = malloc(cap);
    if (!buf) {
        hw_error_set(err, "%s: out of memory", path);
        close(fd);
        return false;
    }
    /* The file may still be growing (a series file being appended): read what is there now. */
    while (used < cap - 1) {
        ssize_t n = read(fd, buf + used, cap - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            hw_error_set(err, "%s: %s", path, strerror(errno));
            free(buf);
            close(fd);
            return false;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    close(fd);
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return true;
}
