/*
 * openssl_hooks.h - what the dump says about OpenSSL's allocator in this process.
 */
#ifndef HEAPWATCH_OPENSSL_HOOKS_H
#define HEAPWATCH_OPENSSL_HOOKS_H

#include <stddef.h>
#include <stdint.h>

/* The `openssl` header record: a state word and one sentence (see docs/FORMAT.md). */
void openssl_describe(uint64_t openssl_allocs, const char **state, char *detail, size_t detail_size);

#endif
