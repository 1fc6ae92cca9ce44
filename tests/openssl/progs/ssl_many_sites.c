/*
 * ssl_many_sites.c - OpenSSL allocations from 3000 file:line sites, each reached through two
 * different string pointers with the same text, twice each, so that heapwatch's site table sees
 * more (pointer, line) pairs than its pointer index keeps (2048). Every block stays live until
 * exit: site "ssl/many_sites.c:L" must hold exactly 4 blocks of 100 + L bytes.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#define SITES 3000

static const char file[] = "../ssl/many_sites.c";

int main(void)
{
    char same_text[sizeof file];
    memcpy(same_text, file, sizeof file);
    const char *const names[2] = {file, same_text};
    for (int round = 0; round < 2; round++)
        for (int line = 1; line <= SITES; line++)
            for (int name = 0; name < 2; name++)
                if (!CRYPTO_malloc((size_t)(100 + line), names[name], line)) {
                    fprintf(stderr, "CRYPTO_malloc failed\n");
                    return 1;
                }
    return 0;
}
