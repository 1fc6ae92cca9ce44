/*
 * sites.h - OpenSSL allocation sites ("ssl/record/ssl3_buffer.c:68"), interned once each.
 *
 * OpenSSL passes OPENSSL_FILE/OPENSSL_LINE to its allocator. The same file:line can come with
 * different string pointers from different translation units, so sites are merged by text; the
 * text is copied because the library that owns the original string may be unloaded.
 */
#ifndef HEAPWATCH_SITES_H
#define HEAPWATCH_SITES_H

#include <stdint.h>

#define SITE_NONE 0u    /* not an OpenSSL allocation */
#define SITE_UNKNOWN 1u /* an OpenSSL allocation that came without file:line (no-filenames builds) */

int sites_init(void);

/*
 * The site id for this file:line; SITE_UNKNOWN when file is NULL/empty or the table is full. Safe
 * from the allocation path: a site seen before is answered without a lock from an index keyed by
 * the string's address, and interning a new one holds the reentrancy guard.
 */
uint32_t site_intern(const char *file, int line);

/* Sites 0 .. sites_count()-1; their names never change once published. */
uint32_t sites_count(void);
const char *site_name(uint32_t id);

void sites_lock(void);
void sites_unlock(void);

#endif
