/*
 * outbuf.c - the dump text buffer and field formatting.
 */
#include "outbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

void ob_reset(struct outbuf *ob)
{
    ob->len = 0;
    ob->failed = 0;
}

static int grow(struct outbuf *ob, size_t need)
{
    size_t cap = ob->cap ? ob->cap : 1 << 16;
    while (cap < need)
        cap *= 2;
    char *fresh = arena_map_for_dumps(cap);
    if (!fresh)
        return -1;
    if (ob->data) {
        memcpy(fresh, ob->data, ob->len);
        arena_unmap(ob->data, ob->cap);
    }
    ob->data = fresh;
    ob->cap = cap;
    return 0;
}

void ob_write(struct outbuf *ob, const char *s, size_t n)
{
    if (ob->failed)
        return;
    if (ob->len + n > ob->cap && grow(ob, ob->len + n) != 0) {
        ob->failed = 1;
        return;
    }
    memcpy(ob->data + ob->len, s, n);
    ob->len += n;
}

void ob_insert(struct outbuf *ob, size_t pos, const char *s, size_t n)
{
    size_t tail = ob->len - pos;
    ob_write(ob, s, n); /* makes the room (or fails) */
    if (ob->failed)
        return;
    memmove(ob->data + pos + n, ob->data + pos, tail);
    memcpy(ob->data + pos, s, n);
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

int ob_write_to(const struct outbuf *ob, int fd)
{
    for (size_t done = 0; done < ob->len;) {
        ssize_t n = write(fd, ob->data + done, ob->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        done += (size_t)n;
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
