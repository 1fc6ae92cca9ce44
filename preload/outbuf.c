/*
 * outbuf.c - the dump writer's output buffer and field formatting.
 */
#include "outbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void ob_start(struct outbuf *ob, int fd)
{
    ob->fd = fd;
    ob->error = 0;
    ob->len = 0;
}

static void drain(struct outbuf *ob)
{
    size_t done = 0;
    while (!ob->error && done < ob->len) {
        ssize_t n = write(ob->fd, ob->data + done, ob->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            ob->error = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    ob->len = 0;
}

void ob_write(struct outbuf *ob, const char *s, size_t n)
{
    while (n > 0 && !ob->error) {
        if (ob->len == sizeof ob->data)
            drain(ob);
        size_t room = sizeof ob->data - ob->len;
        size_t take = n < room ? n : room;
        memcpy(ob->data + ob->len, s, take);
        ob->len += take;
        s += take;
        n -= take;
    }
}

void ob_puts(struct outbuf *ob, const char *s) { ob_write(ob, s, strlen(s)); }

void ob_printf(struct outbuf *ob, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        ob_write(ob, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void ob_field(struct outbuf *ob, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s || !*s) {
        ob_write(ob, "?", 1);
        return;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f || *p == '\\') {
            char esc[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
            ob_write(ob, esc, 4);
        } else {
            ob_write(ob, (const char *)p, 1);
        }
    }
}

int ob_finish(struct outbuf *ob)
{
    drain(ob);
    if (ob->error) {
        errno = ob->error;
        return -1;
    }
    return 0;
}

void format_bytes_human(char *out, size_t size, int64_t bytes, int with_sign)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    const char *sign = bytes < 0 ? "-" : with_sign ? "+" : "";
    uint64_t magnitude = bytes < 0 ? (uint64_t)0 - (uint64_t)bytes : (uint64_t)bytes;
    if (magnitude < 1024) {
        snprintf(out, size, "%s%lluB", sign, (unsigned long long)magnitude);
        return;
    }
    double value = (double)magnitude / 1024.0;
    unsigned unit = 0;
    while (value >= 1024.0 && unit + 1 < sizeof units / sizeof units[0]) {
        value /= 1024.0;
        unit++;
    }
    snprintf(out, size, "%s%.2f%s", sign, value, units[unit]);
}
