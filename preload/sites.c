/*
 * sites.c - the OpenSSL site table: per-thread cache keyed by the caller's string pointer,
 * then a global table keyed by the text.
 */
#include "sites.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "guard.h"
#include "lock.h"

#define MAX_SITES 16384u
#define INDEX_SLOTS (MAX_SITES * 2)
#define THREAD_CACHE_ENTRIES 64u

static hw_lock table_lock;
static const char *_Atomic *names; /* MAX_SITES entries */
static uint32_t *index_slots;      /* id + 1 by text hash; 0 = empty */
static atomic_uint count;
static struct bump text;

struct cached_site {
    const char *file;
    int line;
    uint32_t id;
};
static __thread struct cached_site thread_cache[THREAD_CACHE_ENTRIES] __attribute__((tls_model("initial-exec")));

int sites_init(void)
{
    if (names)
        return 0;
    names = arena_map(MAX_SITES * sizeof *names);
    index_slots = arena_map(INDEX_SLOTS * sizeof *index_slots);
    if (!names || !index_slots)
        return -1;
    atomic_store(&names[SITE_NONE], "-");
    atomic_store(&names[SITE_UNKNOWN], "?");
    atomic_store(&count, 2);
    return 0;
}

static uint64_t hash_text(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
    return h;
}

/* "../ssl/x.c" -> "ssl/x.c": OpenSSL's build runs from a subdirectory. */
static const char *strip_parents(const char *file)
{
    while (file[0] == '.' && file[1] == '.' && file[2] == '/')
        file += 3;
    return file;
}

static uint32_t lookup_or_add(const char *key)
{
    uint64_t h = hash_text(key);
    uint32_t i = (uint32_t)h & (INDEX_SLOTS - 1);
    uint32_t id = SITE_UNKNOWN;
    hw_lock_acquire(&table_lock);
    for (; index_slots[i]; i = (i + 1) & (INDEX_SLOTS - 1)) {
        if (strcmp(atomic_load(&names[index_slots[i] - 1]), key) == 0) {
            id = index_slots[i] - 1;
            goto out;
        }
    }
    uint32_t n = atomic_load_explicit(&count, memory_order_relaxed);
    if (n >= MAX_SITES)
        goto out;
    const char *copy = bump_strdup(&text, key, strlen(key));
    if (!copy)
        goto out;
    atomic_store_explicit(&names[n], copy, memory_order_release);
    atomic_store_explicit(&count, n + 1, memory_order_release);
    index_slots[i] = n + 1;
    id = n;
out:
    hw_lock_release(&table_lock);
    return id;
}

uint32_t site_intern(const char *file, int line)
{
    if (!file || !*file || !names)
        return SITE_UNKNOWN;
    struct cached_site *c = &thread_cache[((uintptr_t)file >> 3 ^ (unsigned)line) & (THREAD_CACHE_ENTRIES - 1)];
    if (c->file == file && c->line == line && c->id)
        return c->id;
    /* A new site: what interning allocates (the text, stdio's scratch) is heapwatch's, not recorded. */
    hw_guard_enter();
    char key[256];
    snprintf(key, sizeof key, "%s:%d", strip_parents(file), line);
    uint32_t id = lookup_or_add(key);
    hw_guard_leave();
    c->file = file;
    c->line = line;
    c->id = id;
    return id;
}

uint32_t sites_count(void) { return atomic_load_explicit(&count, memory_order_acquire); }

const char *site_name(uint32_t id) { return atomic_load_explicit(&names[id], memory_order_acquire); }

void sites_lock(void) { hw_lock_acquire(&table_lock); }
void sites_unlock(void) { hw_lock_release(&table_lock); }
