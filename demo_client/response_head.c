/*
 * response_head.c - reading the status and Content-Length of a response (see response_head.h).
 */
#include "response_head.h"

#include <stdbool.h>
#include <string.h>

#include "http_head.h"

static const char STATUS_PREFIX[] = "HTTP/1.1 ";

const char *response_head_check(const char *head, size_t head_len, size_t *content_length)
{
    struct http_text status = http_start_line(head, head_len);
    size_t prefix_len = sizeof STATUS_PREFIX - 1;
    if (status.len < prefix_len + 3 || memcmp(status.ptr, STATUS_PREFIX, prefix_len) != 0)
        return "not an HTTP/1.1 response";
    if (memcmp(status.ptr + prefix_len, "200", 3) != 0)
        return "the server answered with an error status";

    struct http_cursor cursor;
    struct http_text name, value;
    int more;
    bool have_length = false;
    http_cursor_init(&cursor, head, head_len);
    while ((more = http_next_header(&cursor, &name, &value)) > 0)
        if (http_text_equals_nocase(name, "Content-Length"))
            have_length = http_text_to_size(value, content_length);
    if (more < 0)
        return "malformed response header";
    return have_length ? NULL : "response without a valid Content-Length";
}
