/* ssl_mismatched_free: frees memory with the other allocator family's free, as real code does.
 *
 * OpenSSL's allocator ends in libc, so `free(BN_bn2hex(...))` and `OPENSSL_free(strdup(...))` are
 * common and harmless. heapwatch keeps one table for both families: each of these frees must
 * release its block (no byte stays live) and be counted as a mismatch, never crash.
 *
 * Usage: ssl_mismatched_free mismatched|matched
 * Makes a hex string with BN_bn2hex and a plain copy with strdup, then frees each one: with the
 * other family's free ("mismatched") or with its own ("matched", the control run). Prints both
 * strings and exits 0. */
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *hex_from_openssl(void)
{
    BIGNUM *number = BN_new();
    char *hex = NULL;
    if (number && BN_set_word(number, 0xdeadbeef))
        hex = BN_bn2hex(number);
    BN_free(number);
    return hex;
}

static char *copy_from_libc(void)
{
    return strdup("plain copy");
}

int main(int argc, char **argv)
{
    int mismatched = argc == 2 && strcmp(argv[1], "mismatched") == 0;
    if (argc != 2 || (!mismatched && strcmp(argv[1], "matched") != 0)) {
        fprintf(stderr, "usage: ssl_mismatched_free mismatched|matched\n");
        return 2;
    }
    char *hex = hex_from_openssl();
    char *copy = copy_from_libc();
    if (!hex || !copy) {
        fprintf(stderr, "ssl_mismatched_free: allocation failed\n");
        return 1;
    }
    printf("%s %s\n", hex, copy);
    if (mismatched) {
        free(hex);
        OPENSSL_free(copy);
    } else {
        OPENSSL_free(hex);
        free(copy);
    }
    return 0;
}
