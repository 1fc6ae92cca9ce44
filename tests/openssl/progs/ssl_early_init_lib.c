/* ssl_early_init_lib: a shared library whose constructor uses OpenSSL before heapwatch is set up.
 *
 * The libraries a program is linked to are initialised before LD_PRELOADed ones, so this
 * constructor runs before libheapwatch.so's: OpenSSL is initialised (and registers its own cleanup
 * at exit, which then runs after heapwatch's destructor) and a TLS context is allocated before
 * heapwatch's constructor. heapwatch must still record those allocations, with their OpenSSL sites
 * and this constructor in their stacks, and write its final report after OpenSSL's cleanup.
 * Built by tests/openssl/test_library_constructor.sh as libearlyinit.so. */
#include <openssl/ssl.h>

SSL_CTX *early_context;

__attribute__((constructor)) void create_early_context(void)
{
    if (OPENSSL_init_ssl(0, NULL))
        early_context = SSL_CTX_new(TLS_server_method());
}
