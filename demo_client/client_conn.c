/*
 * client_conn.c - the client connection state machine (see client_conn.h).
 *
 * Like the server's, it runs on readiness events until OpenSSL would block. After its response
 * a connection only waits for the server to close it: unexpected bytes are read and dropped,
 * and TLS 1.3 session tickets that arrive late are absorbed by SSL_read.
 */
#include "client_conn.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"
#include "http_head.h"
#include "response_head.h"
#include "tls_client.h"
#include "tls_teardown.h"

#define RESPONSE_HEAD_MAX 8192
/* Failures explained one by one; after that they are only counted (a refused flood of 5000
 * connections should not print 5000 lines). */
#define FAILURES_EXPLAINED 5

enum conn_state { STATE_CONNECTING, STATE_HANDSHAKING, STATE_SENDING, STATE_READING_HEAD,
                  STATE_READING_BODY, STATE_IDLE };

struct client_conn {
    struct io_watch watch;
    struct deadline_link deadline;
    struct client *cl;
    SSL *ssl;
    enum conn_state state;
    bool tls_failed;             /* after a fatal TLS error, OpenSSL forbids sending close_notify */
    unsigned long number;        /* 1-based order of opening, for messages */
    size_t request_sent;
    char *head;                  /* the response head while it arrives */
    size_t head_len;
    size_t body_left;
};

enum step { STEP_AGAIN, STEP_WAIT_READ, STEP_WAIT_WRITE, STEP_ENDED };

static void explain_failure(struct client *cl, unsigned long number, const char *detail)
{
    cl->counts.failed++;
    if (cl->counts.failed <= FAILURES_EXPLAINED)
        fprintf(stderr, "%s: connection %lu failed: %s\n", DEMO_CLIENT_NAME, number, detail);
    if (cl->counts.failed == FAILURES_EXPLAINED)
        fprintf(stderr, "%s: further failures are only counted\n", DEMO_CLIENT_NAME);
}

static enum step fail(struct client_conn *c, const char *detail)
{
    client_conn_end(c, END_FAILED, detail);
    return STEP_ENDED;
}

/* Turns a failed SSL_* call into a wait, or ends the connection saying why. */
static enum step tls_wait(struct client_conn *c, int ret)
{
    int error = SSL_get_error(c->ssl, ret);
    if (error == SSL_ERROR_WANT_READ)
        return STEP_WAIT_READ;
    if (error == SSL_ERROR_WANT_WRITE)
        return STEP_WAIT_WRITE;
    c->tls_failed = error != SSL_ERROR_ZERO_RETURN;
    if (c->state == STATE_IDLE) {
        client_conn_end(c, END_SERVER_CLOSED, NULL);
        return STEP_ENDED;
    }
    char detail[256] = "the server closed the connection";
    unsigned long code = ERR_peek_error();
    if (code)
        ERR_error_string_n(code, detail, sizeof detail);
    else if (error == SSL_ERROR_SYSCALL && errno != 0)
        snprintf(detail, sizeof detail, "%s", strerror(errno));
    return fail(c, detail);
}

static enum step connect_step(struct client_conn *c)
{
    int error = 0;
    socklen_t len = sizeof error;
    if (getsockopt(c->watch.fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
        error = errno;
    if (error != 0)
        return fail(c, strerror(error));
    c->state = STATE_HANDSHAKING;
    return STEP_AGAIN;
}

static enum step handshake_step(struct client_conn *c)
{
    int ret = SSL_do_handshake(c->ssl);
    if (ret != 1)
        return tls_wait(c, ret);
    c->state = STATE_SENDING;
    return STEP_AGAIN;
}

static enum step send_step(struct client_conn *c)
{
    struct client *cl = c->cl;
    int n = SSL_write(c->ssl, cl->request + c->request_sent, (int)(cl->request_len - c->request_sent));
    if (n <= 0)
        return tls_wait(c, n);
    c->request_sent += (size_t)n;
    if (c->request_sent < cl->request_len)
        return STEP_AGAIN;
    if (!(c->head = malloc(RESPONSE_HEAD_MAX)))
        return fail(c, "out of memory");
    c->state = STATE_READING_HEAD;
    return STEP_AGAIN;
}

static void become_idle(struct client_conn *c)
{
    free(c->head);
    c->head = NULL;
    c->state = STATE_IDLE;
    c->cl->counts.responded++;
    deadline_queue_push(&c->cl->idle, &c->deadline, c->cl->loop.now_ms);
}

static enum step read_head_step(struct client_conn *c)
{
    int n = SSL_read(c->ssl, c->head + c->head_len, (int)(RESPONSE_HEAD_MAX - c->head_len));
    if (n <= 0)
        return tls_wait(c, n);
    size_t searched = c->head_len;
    c->head_len += (size_t)n;
    size_t head_len = http_head_end(c->head, c->head_len, searched);
    if (head_len == 0)
        return c->head_len < RESPONSE_HEAD_MAX ? STEP_AGAIN : fail(c, "response head too large");
    size_t content_length;
    const char *problem = response_head_check(c->head, head_len, &content_length);
    if (problem)
        return fail(c, problem);
    size_t body_received = c->head_len - head_len;
    if (body_received > content_length)
        return fail(c, "more response bytes than its Content-Length");
    c->body_left = content_length - body_received;
    c->state = STATE_READING_BODY;
    if (c->body_left == 0)
        become_idle(c);
    return STEP_AGAIN;
}

/* Reads and drops bytes: the rest of the body, or anything arriving on an idle connection. */
static enum step drain_step(struct client_conn *c)
{
    struct client *cl = c->cl;
    size_t want = sizeof cl->scratch;
    if (c->state == STATE_READING_BODY && c->body_left < want)
        want = c->body_left;
    int n = SSL_read(c->ssl, cl->scratch, (int)want);
    if (n <= 0)
        return tls_wait(c, n);
    if (c->state == STATE_READING_BODY) {
        c->body_left -= (size_t)n;
        if (c->body_left == 0)
            become_idle(c);
    }
    return STEP_AGAIN;
}

static enum step run_step(struct client_conn *c)
{
    switch (c->state) {
    case STATE_CONNECTING: return connect_step(c);
    case STATE_HANDSHAKING: return handshake_step(c);
    case STATE_SENDING: return send_step(c);
    case STATE_READING_HEAD: return read_head_step(c);
    default: return drain_step(c);
    }
}

static void on_conn_ready(struct io_watch *w, uint32_t events)
{
    struct client_conn *c = container_of(w, struct client_conn, watch);
    enum step s;
    (void)events;                /* errors and hang-ups surface from the next call */
    do
        s = run_step(c);
    while (s == STEP_AGAIN);
    if (s != STEP_ENDED &&
        event_loop_watch(&c->cl->loop, &c->watch, s == STEP_WAIT_WRITE ? EPOLLOUT : EPOLLIN) != 0)
        fail(c, strerror(errno));
}

void client_conn_start(struct client *cl)
{
    unsigned long number = ++cl->counts.started;
    struct client_conn *c = calloc(1, sizeof *c);
    int fd = socket(cl->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    SSL *ssl = c && fd >= 0 ? SSL_new(cl->tls) : NULL;
    if (!ssl || SSL_set_fd(ssl, fd) != 1 || !tls_client_prepare(ssl, cl->opt)) {
        explain_failure(cl, number, fd < 0 ? strerror(errno) : "cannot set up TLS");
        ERR_clear_error();
        SSL_free(ssl);
        if (fd >= 0)
            close(fd);
        free(c);
        return;
    }
    SSL_set_connect_state(ssl);
    c->watch = (struct io_watch){ .fd = fd, .on_ready = on_conn_ready };
    c->cl = cl;
    c->ssl = ssl;
    c->number = number;
    c->state = STATE_CONNECTING;
    deadline_queue_push(&cl->setting_up, &c->deadline, cl->loop.now_ms);
    if (connect(fd, (struct sockaddr *)&cl->addr, cl->addr_len) != 0 && errno != EINPROGRESS)
        fail(c, strerror(errno));
    else if (event_loop_add(&cl->loop, &c->watch, EPOLLOUT) != 0)
        fail(c, strerror(errno));
}

void client_conn_end(struct client_conn *c, enum conn_end why, const char *detail)
{
    struct client *cl = c->cl;
    bool our_close = why == END_HELD || why == END_STOPPED;
    tls_teardown(&cl->loop, &c->watch, &c->deadline, c->ssl,
                 our_close && !c->tls_failed && c->state >= STATE_SENDING);
    free(c->head);
    if (why == END_FAILED)
        explain_failure(cl, c->number, detail);
    else if (why == END_SERVER_CLOSED)
        cl->counts.server_closed++;
    else if (why == END_HELD)
        cl->counts.held++;
    free(c);
}

struct client_conn *client_conn_of_deadline(struct deadline_link *link)
{
    return container_of(link, struct client_conn, deadline);
}
