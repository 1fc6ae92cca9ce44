/*
 * http_response.c - formatting responses (see http_response.h).
 */
#include "http_response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 431: return "Request Header Fields Too Large";
    case 505: return "HTTP Version Not Supported";
    default: return "Internal Server Error";
    }
}

char *http_reply_format(const struct http_reply *reply, size_t *len)
{
    char head[512];
    int head_len = snprintf(head, sizeof head,
                            "HTTP/1.1 %d %s\r\n"
                            "Server: " DEMO_SERVER_NAME "\r\n"
                            "Content-Type: %s\r\n"
                            "Content-Length: %zu\r\n"
                            "Connection: %s\r\n"
                            "%s"
                            "\r\n",
                            reply->status, reason_phrase(reply->status), reply->content_type,
                            reply->body_len, reply->keep_alive ? "keep-alive" : "close",
                            reply->status == 405 ? "Allow: GET, HEAD\r\n" : "");
    if (head_len < 0 || (size_t)head_len >= sizeof head)
        return NULL;
    size_t body_len = reply->head_only ? 0 : reply->body_len;
    char *bytes = malloc((size_t)head_len + body_len);
    if (!bytes)
        return NULL;
    memcpy(bytes, head, (size_t)head_len);
    if (body_len)
        memcpy(bytes + head_len, reply->body, body_len);
    *len = (size_t)head_len + body_len;
    return bytes;
}
