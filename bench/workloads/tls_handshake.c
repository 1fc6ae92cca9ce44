/* bench/workloads/tls_handshake.c: OpenSSL TLS handshakes, the allocation pattern of an HTTPS
 * server's connection setup. A client and a server SSL object talk through an in-memory BIO
 * pair (no sockets), complete a TLS 1.3 handshake with an ECDSA P-256 certificate made at
 * start-up, exchange a 512-byte request and a 4 KiB response, and are freed. OpenSSL makes
 * hundreds of small allocations per handshake through CRYPTO_malloc, which heapwatch hooks.
 * Usage: tls_handshake [THREADS] */
#include "../workload.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

enum {
    HANDSHAKES_PER_THREAD = 200,
    REQUEST_BYTES = 512,
    RESPONSE_BYTES = 4096,
};

struct contexts {
    SSL_CTX *server;
    SSL_CTX *client;
};

static void die_openssl(const char *what)
{
    fprintf(stderr, "%s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static X509 *self_signed_certificate(EVP_PKEY *key)
{
    X509 *cert = X509_new();
    if (!cert)
        die_openssl("X509_new");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"bench", -1, -1, 0);
    X509_set_issuer_name(cert, name);
    if (!X509_set_pubkey(cert, key) || !X509_sign(cert, key, EVP_sha256()))
        die_openssl("signing the certificate");
    return cert;
}

static struct contexts make_contexts(void)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    if (!key)
        die_openssl("EVP_EC_gen");
    X509 *cert = self_signed_certificate(key);
    struct contexts c = { SSL_CTX_new(TLS_server_method()), SSL_CTX_new(TLS_client_method()) };
    if (!c.server || !c.client)
        die_openssl("SSL_CTX_new");
    if (!SSL_CTX_use_certificate(c.server, cert) || !SSL_CTX_use_PrivateKey(c.server, key))
        die_openssl("loading the server certificate");
    /* No session tickets: each round is exactly one full handshake and nothing more. */
    SSL_CTX_set_num_tickets(c.server, 0);
    X509_free(cert);
    EVP_PKEY_free(key);
    return c;
}

/* Accepts success or a want-read/want-write (the other end must move first); anything else is
 * an error that ends the run. */
static void step(SSL *ssl, int ret, const char *what)
{
    if (ret > 0)
        return;
    int err = SSL_get_error(ssl, ret);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
        die_openssl(what);
}

static void handshake(SSL *client, SSL *server)
{
    int client_done = 0, server_done = 0;
    while (!client_done || !server_done) {
        int c = SSL_do_handshake(client);
        step(client, c, "client handshake");
        int s = SSL_do_handshake(server);
        step(server, s, "server handshake");
        client_done = c == 1;
        server_done = s == 1;
    }
}

/* Sends `length` bytes from one end and reads them all at the other; returns their byte sum. */
static uint64_t transfer(SSL *from, SSL *to, size_t length, unsigned char fill)
{
    unsigned char out[RESPONSE_BYTES], in[RESPONSE_BYTES];
    memset(out, fill, length);
    if (SSL_write(from, out, (int)length) != (int)length)
        die_openssl("SSL_write");
    size_t got = 0;
    uint64_t sum = 0;
    while (got < length) {
        int n = SSL_read(to, in, (int)sizeof in);
        step(to, n, "SSL_read");
        for (int i = 0; i < n; i++)
            sum += in[i];
        got += n > 0 ? (size_t)n : 0;
    }
    return sum;
}

static uint64_t connect_repeatedly(int index, rng_t *rng, void *arg)
{
    (void)rng;
    const struct contexts *c = arg;
    uint64_t checksum = 0;
    for (int i = 0; i < HANDSHAKES_PER_THREAD; i++) {
        SSL *client = SSL_new(c->client), *server = SSL_new(c->server);
        BIO *client_end, *server_end;
        if (!client || !server || !BIO_new_bio_pair(&client_end, 0, &server_end, 0))
            die_openssl("creating a connection");
        SSL_set_bio(client, client_end, client_end);
        SSL_set_bio(server, server_end, server_end);
        SSL_set_connect_state(client);
        SSL_set_accept_state(server);
        handshake(client, server);
        checksum += transfer(client, server, REQUEST_BYTES, (unsigned char)(index + 1));
        checksum += transfer(server, client, RESPONSE_BYTES, (unsigned char)i);
        SSL_free(client);
        SSL_free(server);
    }
    return checksum;
}

int main(int argc, char **argv)
{
    int threads = workload_threads(argc, argv);
    struct contexts c = make_contexts();
    workload_print_checksum(workload_run(threads, connect_repeatedly, &c));
    SSL_CTX_free(c.server);
    SSL_CTX_free(c.client);
    return 0;
}
