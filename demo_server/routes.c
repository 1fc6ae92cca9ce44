/*
 * routes.c - choosing the response to a request (see routes.h).
 */
#include "routes.h"

#include <stdio.h>
#include <string.h>

#include "http_request.h"
#include "http_response.h"
#include "index_page.h"
#include "server.h"

/* Room for the /stats object: about 500 bytes today. */
#define STATS_JSON_MAX 1024

static bool send_reply(struct server *srv, const struct http_reply *reply, struct response *out)
{
    out->bytes = http_reply_format(reply, &out->len);
    out->close_after = !reply->keep_alive;
    srv->stats.requests++;
    if (reply->status >= 400 && reply->status != 404)
        srv->stats.refused_requests++;
    return out->bytes != NULL;
}

static bool refuse(struct server *srv, int status, struct response *out)
{
    char text[64];
    struct http_reply reply = {
        .status = status,
        .content_type = "text/plain",
        .body = text,
        .body_len = (size_t)snprintf(text, sizeof text, "request refused: HTTP %d\n", status),
    };
    return send_reply(srv, &reply, out);
}

bool route_request(struct server *srv, const char *head, size_t head_len, bool too_large,
                   struct response *out)
{
    struct http_request req;
    int refusal = too_large ? 431 : http_request_parse(head, head_len, &req);
    if (refusal)
        return refuse(srv, refusal, out);

    static const char NOT_FOUND[] = "not found\n";
    char json[STATS_JSON_MAX];
    struct http_reply reply = { .status = 200, .head_only = req.head_only, .keep_alive = req.keep_alive };
    if (http_text_equals(req.path, "/")) {
        reply.content_type = "text/html; charset=utf-8";
        reply.body = INDEX_PAGE;
        reply.body_len = INDEX_PAGE_LEN;
    } else if (http_text_equals(req.path, "/stats")) {
        struct stats_gauges gauges = server_gauges(srv);
        reply.content_type = "application/json";
        reply.body = json;
        reply.body_len = stats_format_json(&srv->stats, &gauges, json, sizeof json);
    } else {
        reply.status = 404;
        reply.content_type = "text/plain";
        reply.body = NOT_FOUND;
        reply.body_len = sizeof NOT_FOUND - 1;
    }
    return send_reply(srv, &reply, out);
}
