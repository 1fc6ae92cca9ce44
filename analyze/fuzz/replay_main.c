/* replay_main.c: runs files through the fuzz entry point outside libFuzzer, so `make test` replays the
 * corpus (crashers kept as tests) under the address and undefined-behaviour sanitizers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "read_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct hw_error err;
        char *text;
        size_t len;
        if (!hw_read_file(argv[i], &text, &len, &err)) {
            fprintf(stderr, "fuzz-replay: %s\n", err.msg);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)text, len);
        free(text);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
