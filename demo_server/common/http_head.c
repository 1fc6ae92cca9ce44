/*
 * http_head.c - message-head scanning and header iteration (see http_head.h).
 */
#include "http_head.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

static const char HEAD_TERMINATOR[] = "\r\n\r\n";
#define HEAD_TERMINATOR_LEN (sizeof HEAD_TERMINATOR - 1)

size_t http_head_end(const char *buf, size_t len, size_t from)
{
    /* The terminator may straddle the bytes already searched and the new ones. */
    size_t start = from >= HEAD_TERMINATOR_LEN - 1 ? from - (HEAD_TERMINATOR_LEN - 1) : 0;
    if (start >= len)
        return 0;
    const char *hit = memmem(buf + start, len - start, HEAD_TERMINATOR, HEAD_TERMINATOR_LEN);
    return hit ? (size_t)(hit - buf) + HEAD_TERMINATOR_LEN : 0;
}

/* The line starting at pos, without its CRLF; *next is set past the CRLF. NULL end: no CRLF. */
static struct http_text next_line(const char *pos, const char *end, const char **next)
{
    const char *cr = memmem(pos, (size_t)(end - pos), "\r\n", 2);
    struct http_text line = { pos, cr ? (size_t)(cr - pos) : (size_t)(end - pos) };
    *next = cr ? cr + 2 : end;
    return line;
}

struct http_text http_start_line(const char *head, size_t head_len)
{
    const char *next;
    return next_line(head, head + head_len, &next);
}

void http_cursor_init(struct http_cursor *c, const char *head, size_t head_len)
{
    c->end = head + head_len;
    next_line(head, c->end, &c->pos);
}

struct http_text http_text_trim(struct http_text t)
{
    while (t.len && (t.ptr[0] == ' ' || t.ptr[0] == '\t'))
        t.ptr++, t.len--;
    while (t.len && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
        t.len--;
    return t;
}

/* RFC 9110 token characters, the only ones allowed in a field name. */
static bool is_token_char(unsigned char ch)
{
    return isalnum(ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

int http_next_header(struct http_cursor *c, struct http_text *name, struct http_text *value)
{
    const char *next;
    struct http_text line = next_line(c->pos, c->end, &next);
    if (line.len == 0)
        return 0;                              /* the blank line that ends the head */
    const char *colon = memchr(line.ptr, ':', line.len);
    if (!colon || colon == line.ptr)
        return -1;
    for (const char *p = line.ptr; p < colon; p++)
        if (!is_token_char((unsigned char)*p))
            return -1;                         /* also refuses obsolete line folding */
    *name = (struct http_text){ line.ptr, (size_t)(colon - line.ptr) };
    *value = http_text_trim((struct http_text){ colon + 1, (size_t)(line.ptr + line.len - colon - 1) });
    c->pos = next;
    return 1;
}

bool http_text_equals(struct http_text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

bool http_text_equals_nocase(struct http_text t, const char *s)
{
    return t.len == strlen(s) && strncasecmp(t.ptr, s, t.len) == 0;
}

bool http_text_to_size(struct http_text t, size_t *out)
{
    size_t value = 0;
    if (t.len == 0)
        return false;
    for (size_t i = 0; i < t.len; i++) {
        unsigned char ch = (unsigned char)t.ptr[i];
        if (!isdigit(ch) || value > (SIZE_MAX - 9) / 10)
            return false;
        value = value * 10 + (size_t)(ch - '0');
    }
    *out = value;
    return true;
}
