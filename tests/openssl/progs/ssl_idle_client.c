/* ssl_idle_client: opens TLS 1.3 connections, makes one request on each, then leaves them idle.
 *
 * This is the client side of the idle-connection tests: it plays the clients that make one HTTPS
 * request and then stay connected without a word. It runs without heapwatch, so the dumps only
 * hold the server's memory.
 *
 * Usage: ssl_idle_client PORT COUNT
 * Connects COUNT times to 127.0.0.1:PORT one after another, sends one request on each and reads
 * the whole response, prints "ready COUNT", then keeps every connection open until its stdin
 * reaches end of file. Then it closes each one cleanly (close_notify) and exits 0.
 * The response must end with an empty line and the body "ok\n": ssl_idle_server's does, and so
 * does nginx's for `return 200 "ok\n"`. */
#include "stdin_hold.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
static const char response_end[] = "\r\n\r\nok\n";

static void die(const char *what)
{
    fprintf(stderr, "ssl_idle_client: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static int connect_to_loopback(int port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    /* Without TCP_NODELAY each small TLS flight can wait for a delayed ACK (40 ms). */
    if (fd < 0 || setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
        connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        die("cannot connect to the server");
    return fd;
}

static int is_whole_response(const char *buf, size_t len)
{
    size_t end_len = sizeof response_end - 1;
    return len >= end_len && memcmp(buf + len - end_len, response_end, end_len) == 0;
}

static void read_response(SSL *ssl)
{
    char buf[1024];
    size_t have = 0;
    do {
        int n = SSL_read(ssl, buf + have, sizeof buf - have);
        if (n <= 0 || (have += n) == sizeof buf)
            die("bad response");
    } while (!is_whole_response(buf, have));
}

static SSL *open_with_one_request(SSL_CTX *ctx, int port)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl || !SSL_set_fd(ssl, connect_to_loopback(port)) || SSL_connect(ssl) != 1)
        die("handshake failed");
    if (SSL_write(ssl, request, sizeof request - 1) != (int)(sizeof request - 1))
        die("cannot send the request");
    read_response(ssl);
    return ssl;
}

int main(int argc, char **argv)
{
    int port = argc == 3 ? atoi(argv[1]) : 0;
    int count = argc == 3 ? atoi(argv[2]) : 0;
    if (port <= 0 || port > 65535 || count <= 0) {
        fprintf(stderr, "usage: ssl_idle_client PORT COUNT\n");
        return 2;
    }
    /* A server may have closed an idle connection already: the close_notify then meets EPIPE. */
    signal(SIGPIPE, SIG_IGN);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION))
        die("cannot set up the TLS context");
    SSL **connections = calloc(count, sizeof *connections);
    if (!connections)
        die("out of memory");
    for (int i = 0; i < count; i++)
        connections[i] = open_with_one_request(ctx, port);
    printf("ready %d\n", count);
    fflush(stdout);

    wait_for_end_of_input();
    for (int i = 0; i < count; i++) {
        int fd = SSL_get_fd(connections[i]);
        SSL_shutdown(connections[i]);
        SSL_free(connections[i]);
        close(fd);
    }
    free(connections);
    SSL_CTX_free(ctx);
    return 0;
}
