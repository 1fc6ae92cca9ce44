/*
 * tls_error.c - reporting OpenSSL's error queue (see tls_error.h).
 */
#include "tls_error.h"

#include <stdio.h>
#include <openssl/err.h>

void tls_error_report(const char *prog, const char *what)
{
    unsigned long code = ERR_get_error();
    char reason[256] = "no details from OpenSSL";
    if (code)
        ERR_error_string_n(code, reason, sizeof reason);
    fprintf(stderr, "%s: %s: %s\n", prog, what, reason);
    ERR_clear_error();
}
