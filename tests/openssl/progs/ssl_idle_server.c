/* ssl_idle_server: a TLS 1.3 keep-alive server that holds idle connections, for the OpenSSL tests.
 *
 * It answers every request with a fixed response and keeps the connection open until the client
 * closes it, so a test can measure what OpenSSL holds per idle connection. It reports on stdout
 * (line-buffered) "port P" once listening, then "served N" once a response went out and the
 * connection is back to waiting, and "closed N" once a connection is freed: a test waits for these
 * lines before it asks heapwatch for a dump, so the dump never catches the server half-way.
 *
 * Usage: ssl_idle_server CERT_PEM KEY_PEM [release-buffers]
 * Listens on 127.0.0.1, on a port the kernel picks. SIGTERM closes every connection, frees
 * everything and exits 0, so the exit dump holds only what outlives the connections. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* One request fits one TLS record, so one SSL_read returning data is one request. */
static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";

struct connection {
    int fd;
    SSL *ssl;
    struct connection *prev, *next; /* every open connection, to free them all on SIGTERM */
};

static struct connection *open_connections;
static unsigned long served_total, closed_total;
static volatile sig_atomic_t stop_requested;

static void on_sigterm(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static void die(const char *what)
{
    fprintf(stderr, "ssl_idle_server: %s: %s\n", what, errno ? strerror(errno) : "failed");
    ERR_print_errors_fp(stderr);
    exit(1);
}

static SSL_CTX *create_context(const char *cert, const char *key, int release_buffers)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
        SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
        die("cannot set up the TLS context");
    if (release_buffers)
        SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    return ctx;
}

static int listen_on_loopback(void)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, SOMAXCONN) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
        die("cannot listen on 127.0.0.1");
    printf("port %d\n", ntohs(addr.sin_port));
    return fd;
}

static void close_connection(struct connection *c)
{
    SSL_shutdown(c->ssl);
    SSL_free(c->ssl);
    close(c->fd);
    if (c->prev)
        c->prev->next = c->next;
    else
        open_connections = c->next;
    if (c->next)
        c->next->prev = c->prev;
    free(c);
    printf("closed %lu\n", ++closed_total);
}

static void accept_connections(int listen_fd, int epoll_fd, SSL_CTX *ctx)
{
    int fd;
    while ((fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
        int one = 1;
        struct connection *c = calloc(1, sizeof *c);
        /* Without TCP_NODELAY each small TLS flight can wait for a delayed ACK (40 ms). */
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 || !c || !(c->ssl = SSL_new(ctx)) || !SSL_set_fd(c->ssl, fd))
            die("cannot create a connection");
        c->fd = fd;
        SSL_set_accept_state(c->ssl);
        c->next = open_connections;
        if (open_connections)
            open_connections->prev = c;
        open_connections = c;
        /* Level-triggered input only: the responses are tiny, so writes never wait on the socket. */
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0)
            die("epoll_ctl");
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK)
        die("accept");
}

/* Handshakes and answers what arrived; reports the answers once OpenSSL waits for more input
 * again, or once the connection is closed (a client may close right after its answer). */
static void serve(struct connection *c)
{
    char request[512];
    int answered = 0, waiting = 0;
    for (;;) {
        int n = SSL_read(c->ssl, request, sizeof request);
        if (n > 0) {
            if (SSL_write(c->ssl, response, sizeof response - 1) <= 0)
                break;
            answered++;
            continue;
        }
        int err = SSL_get_error(c->ssl, n);
        waiting = err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
        break; /* otherwise the client closed, or the connection failed */
    }
    while (answered--)
        printf("served %lu\n", ++served_total);
    if (!waiting) {
        ERR_clear_error();
        close_connection(c);
    }
}

static void run_until_sigterm(int listen_fd, SSL_CTX *ctx)
{
    sigset_t term, unblocked;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    /* SIGTERM stays blocked except inside epoll_pwait, so it cannot slip in between two waits. */
    sigprocmask(SIG_BLOCK, &term, &unblocked);
    sigdelset(&unblocked, SIGTERM);

    int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    if (epoll_fd < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) != 0)
        die("epoll");
    while (!stop_requested) {
        struct epoll_event events[64];
        int n = epoll_pwait(epoll_fd, events, 64, -1, &unblocked);
        if (n < 0 && errno != EINTR)
            die("epoll_pwait");
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr)
                serve(events[i].data.ptr);
            else
                accept_connections(listen_fd, epoll_fd, ctx);
        }
    }
    close(epoll_fd);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "release-buffers") != 0)) {
        fprintf(stderr, "usage: ssl_idle_server CERT_PEM KEY_PEM [release-buffers]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction term = { .sa_handler = on_sigterm };
    sigaction(SIGTERM, &term, NULL);

    SSL_CTX *ctx = create_context(argv[1], argv[2], argc == 4);
    int listen_fd = listen_on_loopback();
    run_until_sigterm(listen_fd, ctx);
    while (open_connections)
        close_connection(open_connections);
    close(listen_fd);
    SSL_CTX_free(ctx);
    return 0;
}
