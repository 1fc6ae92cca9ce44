/* ssl_secure_heap: uses OpenSSL's secure heap, an mmap arena of OpenSSL's own whose blocks never
 * reach any allocator hook. The dump must say that the secure heap is in use and invisible.
 *
 * Usage: ssl_secure_heap (no arguments). Sets up a 64 KiB secure heap, holds one 100-byte block
 * from it, prints "secure block held" and exits 0 without freeing it. */
#include <openssl/crypto.h>
#include <stdio.h>

int main(void)
{
    if (CRYPTO_secure_malloc_init(64 * 1024, 16) != 1 || !OPENSSL_secure_malloc(100)) {
        fprintf(stderr, "ssl_secure_heap: no secure heap\n");
        return 1;
    }
    printf("secure block held\n");
    return 0;
}
