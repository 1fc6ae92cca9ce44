/*
 * http_request.h - reading one HTTP/1.x request head, strictly.
 *
 * The server only serves GET and HEAD without a body, so anything else is refused with a status
 * code and the connection is closed afterwards: a request the parser is unsure about must never
 * leave the connection out of step with the client (request smuggling, endless bodies).
 */
#ifndef DEMO_HTTP_REQUEST_H
#define DEMO_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "http_head.h"

struct http_request {
    bool head_only;            /* HEAD: the response without its body */
    struct http_text path;     /* the target without its query string */
    bool keep_alive;           /* the client will send more requests on this connection */
};

/* 0 for a request the server serves, else the status to refuse it with (400, 405, 505).
 * head is a complete head of head_len bytes (see http_head_end). */
int http_request_parse(const char *head, size_t head_len, struct http_request *req);

#endif
