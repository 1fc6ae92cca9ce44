/*
 * outbuf.h - building dump text in memory, allocation-free.
 *
 * A dump is formatted completely before any file is opened, then written with one write(2): the
 * descriptor exists for microseconds, which keeps the window small in which a program that
 * closes or dup2()s descriptors it did not open could take ours over. Memory comes from the
 * arena and is kept from one dump to the next. Running out of it is sticky and reported once,
 * at the end, so the formatting code need not check every line.
 */
#ifndef HEAPWATCH_OUTBUF_H
#define HEAPWATCH_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

struct outbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* memory ran out: the text is incomplete */
};

/* Empties the buffer, keeping its memory. */
void ob_reset(struct outbuf *ob);
void ob_write(struct outbuf *ob, const char *s, size_t n);
void ob_puts(struct outbuf *ob, const char *s);
/* Inserts n bytes at offset pos (<= len), moving what follows. */
void ob_insert(struct outbuf *ob, size_t pos, const char *s, size_t n);
void ob_printf(struct outbuf *ob, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A string field: bytes <= 0x20, 0x7f and backslash as \xHH; "?" for NULL or empty. */
void ob_field(struct outbuf *ob, const char *s);
/* Writes the whole text to fd; returns 0, or -1 with errno set. */
int ob_write_to(const struct outbuf *ob, int fd);

/* "512B", "4.00KiB", "3.91MiB"; with sign, a leading + or -. */
void format_bytes_human(char *out, size_t size, int64_t bytes, int with_sign);

#endif
