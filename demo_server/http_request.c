/*
 * http_request.c - request line and header checks (see http_request.h).
 */
#include "http_request.h"

#include <string.h>

/* Splits "A B C" at single spaces; false unless there are exactly three non-empty parts. */
static bool split_request_line(struct http_text line, struct http_text part[3])
{
    const char *pos = line.ptr, *end = line.ptr + line.len;
    for (int i = 0; i < 3; i++) {
        const char *space = i < 2 ? memchr(pos, ' ', (size_t)(end - pos)) : NULL;
        const char *stop = space ? space : end;
        if (stop == pos || (i < 2 && !space))
            return false;
        part[i] = (struct http_text){ pos, (size_t)(stop - pos) };
        pos = stop + 1;
    }
    return memchr(part[2].ptr, ' ', part[2].len) == NULL;
}

static bool is_visible_ascii(struct http_text t)
{
    for (size_t i = 0; i < t.len; i++)
        if ((unsigned char)t.ptr[i] <= 0x20 || (unsigned char)t.ptr[i] >= 0x7f)
            return false;
    return true;
}

/* Whether a comma-separated Connection value lists token. */
static bool lists_token(struct http_text value, const char *token)
{
    const char *pos = value.ptr, *end = value.ptr + value.len;
    while (pos < end) {
        const char *comma = memchr(pos, ',', (size_t)(end - pos));
        const char *stop = comma ? comma : end;
        if (http_text_equals_nocase(http_text_trim((struct http_text){ pos, (size_t)(stop - pos) }), token))
            return true;
        pos = stop + 1;
    }
    return false;
}

/* Applies the header fields; 0, or 400 when one is malformed or announces a body. */
static int read_headers(const char *head, size_t head_len, struct http_request *req)
{
    struct http_cursor cursor;
    struct http_text name, value;
    int more;
    http_cursor_init(&cursor, head, head_len);
    while ((more = http_next_header(&cursor, &name, &value)) > 0) {
        size_t length;
        if (http_text_equals_nocase(name, "Connection")) {
            if (lists_token(value, "close"))
                req->keep_alive = false;
            else if (lists_token(value, "keep-alive"))
                req->keep_alive = true;
        } else if (http_text_equals_nocase(name, "Transfer-Encoding")) {
            return 400;
        } else if (http_text_equals_nocase(name, "Content-Length")) {
            if (!http_text_to_size(value, &length) || length != 0)
                return 400;
        }
    }
    return more < 0 ? 400 : 0;
}

int http_request_parse(const char *head, size_t head_len, struct http_request *req)
{
    struct http_text part[3];
    if (!split_request_line(http_start_line(head, head_len), part) || !is_visible_ascii(part[0]) ||
        !is_visible_ascii(part[1]) || part[1].ptr[0] != '/')
        return 400;
    struct http_text method = part[0], target = part[1], version = part[2];

    if (http_text_equals(version, "HTTP/1.1"))
        req->keep_alive = true;
    else if (http_text_equals(version, "HTTP/1.0"))
        req->keep_alive = false;
    else
        return version.len > 5 && memcmp(version.ptr, "HTTP/", 5) == 0 ? 505 : 400;

    if (http_text_equals(method, "HEAD"))
        req->head_only = true;
    else if (http_text_equals(method, "GET"))
        req->head_only = false;
    else
        return 405;

    const char *query = memchr(target.ptr, '?', target.len);
    req->path = (struct http_text){ target.ptr, query ? (size_t)(query - target.ptr) : target.len };
    return read_headers(head, head_len, req);
}
