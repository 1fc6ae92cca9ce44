/* ssl_static_openssl: a program with OpenSSL linked in statically (libssl.a, libcrypto.a), so no
 * libcrypto.so is loaded and OpenSSL's allocator calls stay inside the executable, out of reach of
 * heapwatch's hooks. The dump must say so (`openssl not-visible`), and the memory must still be
 * attributed by stack, through malloc.
 *
 * Usage: ssl_static_openssl (no arguments). Creates one TLS context, prints "context made" and
 * exits 0 without freeing it, so the exit dump holds it. */
#include <openssl/ssl.h>
#include <stdio.h>

int main(void)
{
    if (!SSL_CTX_new(TLS_server_method())) {
        fprintf(stderr, "ssl_static_openssl: cannot make a TLS context\n");
        return 1;
    }
    printf("context made\n");
    return 0;
}
