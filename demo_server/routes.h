/*
 * routes.h - what the server answers: the page at /, the counters at /stats, 404 elsewhere,
 * and a refusal (followed by closing the connection) for anything it does not serve.
 */
#ifndef DEMO_ROUTES_H
#define DEMO_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

struct server;

struct response {
    char *bytes;            /* malloc'd; the connection frees it once sent */
    size_t len;
    bool close_after;       /* close the connection once the response is sent */
};

/* The response to a complete request head of head_len bytes, or, when too_large, to a head that
 * outgrew the server's limit. Counts the request. false when out of memory. */
bool route_request(struct server *srv, const char *head, size_t head_len, bool too_large,
                   struct response *out);

#endif
