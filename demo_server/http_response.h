/*
 * http_response.h - turning a status and a body into the bytes of an HTTP/1.1 response.
 */
#ifndef DEMO_HTTP_RESPONSE_H
#define DEMO_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

struct http_reply {
    int status;
    const char *content_type;
    const char *body;
    size_t body_len;
    bool head_only;            /* send the headers (Content-Length included) but not the body */
    bool keep_alive;
};

/* The whole response in one malloc'd buffer of *len bytes (the caller frees it), or NULL.
 * One buffer per response lives only while it is being sent, so an idle connection holds none. */
char *http_reply_format(const struct http_reply *reply, size_t *len);

#endif
