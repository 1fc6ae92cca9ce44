/* ssl_deepbind: loads libssl with RTLD_DEEPBIND, which makes libssl and libcrypto bind to their own
 * symbols before LD_PRELOADed ones: OpenSSL's allocations then bypass heapwatch's hooks, and the
 * dump must say so (`openssl not-visible`) instead of reporting no OpenSSL memory as if exact.
 *
 * Usage: ssl_deepbind (no arguments). Not linked to libssl. Creates one TLS context through the
 * loaded library, prints "context made" and exits 0 without freeing it. */
#include <dlfcn.h>
#include <stdio.h>

typedef const void *(*method_fn)(void);
typedef void *(*context_fn)(const void *);

int main(void)
{
    void *libssl = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!libssl) {
        fprintf(stderr, "ssl_deepbind: %s\n", dlerror());
        return 1;
    }
    method_fn server_method = (method_fn)dlsym(libssl, "TLS_server_method");
    context_fn new_context = (context_fn)dlsym(libssl, "SSL_CTX_new");
    if (!server_method || !new_context || !new_context(server_method())) {
        fprintf(stderr, "ssl_deepbind: cannot make a TLS context\n");
        return 1;
    }
    printf("context made\n");
    return 0;
}
