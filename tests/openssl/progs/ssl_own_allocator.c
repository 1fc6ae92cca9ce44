/* ssl_own_allocator: a program that installs its own OpenSSL allocator, as some servers do.
 *
 * heapwatch must chain to such an allocator: the program's functions still run for every OpenSSL
 * allocation, and heapwatch still attributes the memory by OpenSSL site and stack, once. The
 * program counts the calls its functions get and prints the counts, so the test can compare them
 * with heapwatch's own count of OpenSSL allocations.
 *
 * Usage: ssl_own_allocator (no arguments)
 * In main, before anything else touches OpenSSL, it installs counting_malloc/realloc/free and prints
 * "set_mem_functions R" (R: what CRYPTO_set_mem_functions returned) and "get_mem_functions ours|other".
 * Then it holds a TLS context, SSL_OBJECTS SSL objects and APP_BLOCKS blocks of APP_BLOCK_SIZE bytes
 * from OPENSSL_malloc, prints "held ..." with the call counts and "ready", and waits for end of file
 * on stdin. Then it frees everything, prints "freed ..." with the counts, and exits 0. */
#include "stdin_hold.h"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

#define SSL_OBJECTS 8
#define APP_BLOCKS 10
#define APP_BLOCK_SIZE 1000

static unsigned long malloc_calls, realloc_calls, free_calls;

static void *counting_malloc(size_t size, const char *file, int line)
{
    (void)file, (void)line;
    malloc_calls++;
    return malloc(size);
}

static void *counting_realloc(void *block, size_t size, const char *file, int line)
{
    (void)file, (void)line;
    realloc_calls++;
    return realloc(block, size);
}

static void counting_free(void *block, const char *file, int line)
{
    (void)file, (void)line;
    free_calls++;
    free(block);
}

static void print_calls(const char *moment)
{
    printf("%s malloc %lu realloc %lu free %lu\n", moment, malloc_calls, realloc_calls, free_calls);
}

static void install_counting_allocator(void)
{
    CRYPTO_malloc_fn m;
    CRYPTO_realloc_fn r;
    CRYPTO_free_fn f;
    printf("set_mem_functions %d\n", CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free));
    CRYPTO_get_mem_functions(&m, &r, &f);
    printf("get_mem_functions %s\n",
           m == counting_malloc && r == counting_realloc && f == counting_free ? "ours" : "other");
}

/* The blocks the test finds under this file's own OpenSSL site, with this function in their stack. */
static void hold_app_blocks(void **blocks)
{
    for (int i = 0; i < APP_BLOCKS; i++)
        blocks[i] = OPENSSL_malloc(APP_BLOCK_SIZE);
}

int main(void)
{
    install_counting_allocator();
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl[SSL_OBJECTS];
    for (int i = 0; i < SSL_OBJECTS; i++) {
        if (!ctx || !(ssl[i] = SSL_new(ctx))) {
            fprintf(stderr, "ssl_own_allocator: cannot create the TLS objects\n");
            return 1;
        }
    }
    void *blocks[APP_BLOCKS];
    hold_app_blocks(blocks);
    print_calls("held");
    printf("ready\n");
    fflush(stdout);

    wait_for_end_of_input();
    for (int i = 0; i < APP_BLOCKS; i++)
        OPENSSL_free(blocks[i]);
    for (int i = 0; i < SSL_OBJECTS; i++)
        SSL_free(ssl[i]);
    SSL_CTX_free(ctx);
    print_calls("freed");
    return 0;
}
