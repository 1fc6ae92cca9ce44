/*
 * outbuf.h - buffered, allocation-free writing of dump text to a file descriptor.
 *
 * The dump writer formats into a fixed buffer and writes it out in large chunks. Errors are
 * sticky: after the first failed write everything else is dropped and ob_flush() reports it,
 * so the writer checks once at the end instead of after every line.
 */
#ifndef HEAPWATCH_OUTBUF_H
#define HEAPWATCH_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

struct outbuf {
    int fd;
    int error; /* errno of the first failure, 0 if none */
    size_t len;
    char data[1 << 16];
};

void ob_start(struct outbuf *ob, int fd);
void ob_write(struct outbuf *ob, const char *s, size_t n);
void ob_puts(struct outbuf *ob, const char *s);
void ob_printf(struct outbuf *ob, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A string field: bytes <= 0x20, 0x7f and backslash as \xHH; "?" for NULL or empty. */
void ob_field(struct outbuf *ob, const char *s);
/* Flushes; returns 0, or -1 with errno set to the first failure. */
int ob_finish(struct outbuf *ob);

/* "512B", "4.00KiB", "3.91MiB"; with sign, a leading + or -. */
void format_bytes_human(char *out, size_t size, int64_t bytes, int with_sign);

#endif
