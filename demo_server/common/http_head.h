/*
 * http_head.h - the parts of HTTP/1.1 message syntax that both demo programs read: where a
 * message head ends, and its header fields.
 *
 * The server parses requests and the client parses responses; both work in place on the bytes
 * received, without copying or allocating, and treat anything malformed as an error rather than
 * guessing.
 */
#ifndef DEMO_HTTP_HEAD_H
#define DEMO_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>

/* A slice of the received bytes (not NUL-terminated). */
struct http_text {
    const char *ptr;
    size_t len;
};

/* The length of the head (up to and including its blank line) if buf holds a complete one, else 0.
 * The caller may pass from = bytes it already searched, so that a head arriving one byte at a time
 * costs linear time. */
size_t http_head_end(const char *buf, size_t len, size_t from);

/* Walks the header fields of a complete head, skipping its start line. */
struct http_cursor {
    const char *pos, *end;
};
void http_cursor_init(struct http_cursor *c, const char *head, size_t head_len);
/* 1 with the next field's name and value (surrounding blanks trimmed), 0 after the last one,
 * -1 on a malformed line. */
int http_next_header(struct http_cursor *c, struct http_text *name, struct http_text *value);

/* The first line of the head, without its CRLF. */
struct http_text http_start_line(const char *head, size_t head_len);

/* t without the blanks (spaces, tabs) around it. */
struct http_text http_text_trim(struct http_text t);
bool http_text_equals(struct http_text t, const char *s);          /* exact */
bool http_text_equals_nocase(struct http_text t, const char *s);   /* ASCII case-insensitive */
/* A decimal size with no sign, blank or junk. */
bool http_text_to_size(struct http_text t, size_t *out);

#endif
