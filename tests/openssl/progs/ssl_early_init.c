/* ssl_early_init: a program linked to libearlyinit.so (ssl_early_init_lib.c), whose constructor
 * initialised OpenSSL and made a TLS context before heapwatch's constructor ran.
 *
 * Usage: ssl_early_init (no arguments)
 * Creates SSL_OBJECTS SSL objects from that context, prints "ready" and waits for end of file on
 * stdin; then frees them and the context, and exits 0, so that at exit nothing of OpenSSL's is
 * left once OpenSSL has run its own cleanup. */
#include "stdin_hold.h"

#include <openssl/ssl.h>
#include <stdio.h>

#define SSL_OBJECTS 8

extern SSL_CTX *early_context; /* made by libearlyinit.so's constructor */

static int create_ssl_objects(SSL **ssl)
{
    for (int i = 0; i < SSL_OBJECTS; i++)
        if (!(ssl[i] = SSL_new(early_context)))
            return 0;
    return 1;
}

int main(void)
{
    SSL *ssl[SSL_OBJECTS];
    if (!early_context || !create_ssl_objects(ssl)) {
        fprintf(stderr, "ssl_early_init: the library constructor's TLS context is unusable\n");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);

    wait_for_end_of_input();
    for (int i = 0; i < SSL_OBJECTS; i++)
        SSL_free(ssl[i]);
    SSL_CTX_free(early_context);
    return 0;
}
