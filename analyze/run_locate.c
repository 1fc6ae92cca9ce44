/* run_locate.c: finds libheapwatch.so and the program `heapwatch run` is asked to start. */
#include "run_locate.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HW_PREFIX
#define HW_PREFIX "/usr/local"
#endif

#define LIBRARY_NAME "libheapwatch.so"

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool hw_find_library(char *out, size_t size, struct hw_error *err)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char beside[PATH_MAX + sizeof LIBRARY_NAME + 1] = "(unknown: /proc/self/exe is unreadable)";
    if (n > 0) {
        self[n] = '\0';
        snprintf(beside, sizeof beside, "%s/%s", dirname(self), LIBRARY_NAME);
        if (is_regular_file(beside) && (size_t)snprintf(out, size, "%s", beside) < size)
            return true;
    }
    const char *installed = HW_PREFIX "/lib/" LIBRARY_NAME;
    if (is_regular_file(installed) && (size_t)snprintf(out, size, "%s", installed) < size)
        return true;
    hw_error_set(err, "cannot find %s (looked at %s and %s)", LIBRARY_NAME, beside, installed);
    return false;
}

static bool is_executable_file(const char *path)
{
    return is_regular_file(path) && access(path, X_OK) == 0;
}

bool hw_find_program(const char *name, char *out, size_t size)
{
    if (strchr(name, '/'))
        return is_regular_file(name) && (size_t)snprintf(out, size, "%s", name) < size;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/bin:/usr/bin";   /* what execvp falls back to */
    for (const char *dir = path; ; ) {
        const char *colon = strchr(dir, ':');
        size_t len = colon ? (size_t)(colon - dir) : strlen(dir);
        /* An empty entry means the current directory. */
        int written = len ? snprintf(out, size, "%.*s/%s", (int)len, dir, name) : snprintf(out, size, "%s", name);
        if (written > 0 && (size_t)written < size && is_executable_file(out))
            return true;
        if (!colon)
            return false;
        dir = colon + 1;
    }
}
