/*
 * index_page.h - the static page served at GET / (a few KiB, like a small real page, so that
 * each client's one request exercises the record layer's write path with a realistic size).
 */
#ifndef DEMO_INDEX_PAGE_H
#define DEMO_INDEX_PAGE_H

#include <stddef.h>

extern const char INDEX_PAGE[];
extern const size_t INDEX_PAGE_LEN;

#endif
