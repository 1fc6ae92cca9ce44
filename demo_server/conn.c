/*
 * conn.c - the connection state machine (see conn.h).
 *
 * Each readiness event runs the machine until OpenSSL would block; the step that blocked says
 * whether to wait for readable or writable. Requests are answered one at a time: the next
 * request is read only once the previous response is out, so a client that pipelines without
 * reading cannot make the server buffer without limit.
 *
 * Memory an idle connection holds on the server's side is the conn struct alone: the request
 * buffer exists only while a request is arriving and the response only while it is being sent.
 * Everything else an idle connection costs is OpenSSL's, which is the point of the demo.
 */
#include "conn.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "http_head.h"
#include "routes.h"
#include "server.h"
#include "tls_teardown.h"

/* The largest request head accepted; beyond it the answer is 431. */
#define REQUEST_HEAD_MAX 8192

struct conn {
    struct io_watch watch;
    struct deadline_link deadline;
    struct server *srv;
    SSL *ssl;
    enum conn_phase phase;
    bool tls_failed;             /* after a fatal TLS error, OpenSSL forbids sending close_notify */
    bool close_after_response;
    char *in;                    /* request bytes, REQUEST_HEAD_MAX long, while a request arrives */
    size_t in_len;
    char *out;                   /* the response being sent */
    size_t out_len, out_sent;
};

/* What one step of the machine leads to. */
enum step { STEP_AGAIN, STEP_WAIT_READ, STEP_WAIT_WRITE, STEP_CLOSED };

static void enter_phase(struct conn *c, enum conn_phase phase)
{
    c->phase = phase;
    deadline_queue_push(&c->srv->phase[phase], &c->deadline, c->srv->loop.now_ms);
}

static void release_input(struct conn *c)
{
    free(c->in);
    c->in = NULL;
    c->in_len = 0;
}

/* Turns a failed SSL_* call into a wait, or closes the connection. */
static enum step tls_wait(struct conn *c, int ret)
{
    switch (SSL_get_error(c->ssl, ret)) {
    case SSL_ERROR_WANT_READ:
        return STEP_WAIT_READ;
    case SSL_ERROR_WANT_WRITE:
        return STEP_WAIT_WRITE;
    case SSL_ERROR_ZERO_RETURN:
        break;                           /* close_notify: the peer ended TLS cleanly */
    default:
        c->tls_failed = true;            /* reset, EOF without close_notify, or a protocol error */
        break;
    }
    conn_close(c, c->phase == CONN_HANDSHAKE ? CLOSE_HANDSHAKE_FAILED : CLOSE_PEER);
    return STEP_CLOSED;
}

static enum step handshake_step(struct conn *c)
{
    int ret = SSL_do_handshake(c->ssl);
    if (ret != 1)
        return tls_wait(c, ret);
    c->srv->stats.handshakes++;
    enter_phase(c, CONN_IDLE);
    return STEP_AGAIN;
}

/* Answers the request at the start of the input once its head is complete (or too large).
 * searched: how many input bytes earlier calls already searched for the end of the head. */
static enum step answer_step(struct conn *c, size_t searched)
{
    size_t head_len = http_head_end(c->in, c->in_len, searched);
    bool too_large = head_len == 0 && c->in_len == REQUEST_HEAD_MAX;
    if (head_len == 0 && !too_large)
        return STEP_AGAIN;                               /* read more */
    struct response response;
    if (!route_request(c->srv, c->in, head_len, too_large, &response)) {
        conn_close(c, CLOSE_SERVER_ERROR);
        return STEP_CLOSED;
    }
    c->out = response.bytes;
    c->out_len = response.len;
    c->out_sent = 0;
    c->close_after_response = response.close_after;
    c->in_len = too_large ? 0 : c->in_len - head_len;    /* keep a pipelined next request */
    memmove(c->in, c->in + head_len, c->in_len);
    return STEP_AGAIN;
}

static enum step read_step(struct conn *c)
{
    if (!c->in && !(c->in = malloc(REQUEST_HEAD_MAX))) {
        conn_close(c, CLOSE_SERVER_ERROR);
        return STEP_CLOSED;
    }
    int n = SSL_read(c->ssl, c->in + c->in_len, (int)(REQUEST_HEAD_MAX - c->in_len));
    if (n <= 0) {
        enum step s = tls_wait(c, n);
        if (s != STEP_CLOSED && c->in_len == 0)
            release_input(c);                            /* idle: hold no request buffer */
        return s;
    }
    if (c->phase == CONN_IDLE)
        enter_phase(c, CONN_BUSY);                       /* the request clock starts now */
    size_t searched = c->in_len;
    c->in_len += (size_t)n;
    return answer_step(c, searched);
}

static enum step write_step(struct conn *c)
{
    int n = SSL_write(c->ssl, c->out + c->out_sent, (int)(c->out_len - c->out_sent));
    if (n <= 0)
        return tls_wait(c, n);
    c->out_sent += (size_t)n;
    if (c->out_sent < c->out_len)
        return STEP_AGAIN;
    free(c->out);
    c->out = NULL;
    if (c->close_after_response) {
        conn_close(c, CLOSE_AFTER_RESPONSE);
        return STEP_CLOSED;
    }
    if (c->in_len > 0) {
        enter_phase(c, CONN_BUSY);                       /* a pipelined request gets its own clock */
        return answer_step(c, 0);
    }
    release_input(c);
    enter_phase(c, CONN_IDLE);
    return STEP_AGAIN;
}

static void drive(struct conn *c)
{
    enum step s;
    do {
        if (c->phase == CONN_HANDSHAKE)
            s = handshake_step(c);
        else if (c->out)
            s = write_step(c);
        else
            s = read_step(c);
    } while (s == STEP_AGAIN);
    if (s == STEP_CLOSED)
        return;
    if (event_loop_watch(&c->srv->loop, &c->watch, s == STEP_WAIT_WRITE ? EPOLLOUT : EPOLLIN) != 0)
        conn_close(c, CLOSE_SERVER_ERROR);
}

static void on_conn_ready(struct io_watch *w, uint32_t events)
{
    (void)events;                 /* errors and hang-ups surface from the next SSL call */
    drive(container_of(w, struct conn, watch));
}

void conn_accept(struct server *srv, int fd)
{
    struct conn *c = calloc(1, sizeof *c);
    SSL *ssl = c ? SSL_new(srv->tls) : NULL;
    srv->stats.accepted++;
    if (!ssl || SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        free(c);
        close(fd);
        ERR_clear_error();
        srv->stats.closed[CLOSE_SERVER_ERROR]++;
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   /* small responses go out at once */
    SSL_set_accept_state(ssl);
    c->watch = (struct io_watch){ .fd = fd, .on_ready = on_conn_ready };
    c->srv = srv;
    c->ssl = ssl;
    enter_phase(c, CONN_HANDSHAKE);
    if (event_loop_add(&srv->loop, &c->watch, EPOLLIN) != 0)
        conn_close(c, CLOSE_SERVER_ERROR);
}

void conn_close(struct conn *c, enum close_reason why)
{
    struct server *srv = c->srv;
    tls_teardown(&srv->loop, &c->watch, &c->deadline, c->ssl, !c->tls_failed && c->phase != CONN_HANDSHAKE);
    free(c->in);
    free(c->out);
    free(c);
    srv->stats.closed[why]++;
}

struct conn *conn_of_deadline(struct deadline_link *link)
{
    return container_of(link, struct conn, deadline);
}

enum close_reason conn_timeout_reason(enum conn_phase phase)
{
    static const enum close_reason REASONS[CONN_PHASE_COUNT] = {
        [CONN_HANDSHAKE] = CLOSE_HANDSHAKE_TIMEOUT,
        [CONN_BUSY] = CLOSE_REQUEST_TIMEOUT,
        [CONN_IDLE] = CLOSE_IDLE_TIMEOUT,
    };
    return REASONS[phase];
}
