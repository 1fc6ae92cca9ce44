/* fuzz_dump.c: the libFuzzer entry point for the dump and series parsers. Every input is parsed both
 * ways; the parsers must reject garbage with an error, never crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_of(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hw_error err;
    struct hw_dump dump;
    struct hw_series series;
    char *text = copy_of(data, size);
    if (text && hw_dump_parse("fuzz-input", text, size, &dump, &err))
        hw_dump_free(&dump);
    text = copy_of(data, size);
    if (text && hw_series_parse("fuzz-input", text, size, &series, &err))
        hw_series_free(&series);
    return 0;
}
