/*
 * sites.c - the OpenSSL site table: a lock-free index keyed by the caller's string pointer and
 * line, then a table keyed by the text.
 *
 * The pointer index answers the allocation path: one probe, no lock, no formatting. A TLS
 * handshake allocates through some 200 sites, so the 64-entry per-thread cache this replaced
 * missed on most calls, and every miss formatted "file:line" and looked the text up under the
 * table's lock (4 % of a handshake-bound server's CPU). Entries are published once, key last
 * with release order, and never change; the index is filled to half at most, so a probe ends at
 * an empty slot, and sites past that are looked up by text every time.
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
#define POINTER_SLOTS 4096u

static hw_lock table_lock;
static const char *_Atomic *names; /* MAX_SITES entries */
static uint32_t *index_slots;      /* id + 1 by text hash; 0 = empty */
static atomic_uint count;
static struct bump text;

struct pointer_slot {
    const char *_Atomic file;        /* NULL: empty */
    _Atomic uint64_t line_and_id;    /* the line in the high half, the site id in the low one */
};
static struct pointer_slot *pointer_index; /* POINTER_SLOTS entries */
static uint32_t pointer_used;              /* under table_lock */

int sites_init(void)
{
    if (names)
        return 0;
    names = arena_map(MAX_SITES * sizeof *names);
    index_slots = arena_map(INDEX_SLOTS * sizeof *index_slots);
    pointer_index = arena_map(POINTER_SLOTS * sizeof *pointer_index);
    if (!names || !index_slots || !pointer_index)
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

static uint32_t pointer_home(const char *file, int line)
{
    uint64_t h = ((uint64_t)(uintptr_t)file ^ (uint64_t)(uint32_t)line << 40) * UINT64_C(0x9e3779b97f4a7c15);
    return (uint32_t)(h >> 52) & (POINTER_SLOTS - 1);
}

static uint64_t line_and_id(int line, uint32_t id) { return (uint64_t)(uint32_t)line << 32 | id; }

/* The site of (file, line) if the pointer index has it; SITE_NONE (never a real site) if not. */
static uint32_t pointer_find(const char *file, int line)
{
    for (uint32_t i = pointer_home(file, line);; i = (i + 1) & (POINTER_SLOTS - 1)) {
        const char *f = atomic_load_explicit(&pointer_index[i].file, memory_order_acquire);
        if (!f)
            return SITE_NONE;
        uint64_t v = atomic_load_explicit(&pointer_index[i].line_and_id, memory_order_relaxed);
        if (f == file && v >> 32 == (uint32_t)line)
            return (uint32_t)v;
    }
}

/* Called with table_lock held. */
static void pointer_add(const char *file, int line, uint32_t id)
{
    if (pointer_used >= POINTER_SLOTS / 2)
        return;
    uint32_t i = pointer_home(file, line);
    for (const char *f; (f = atomic_load_explicit(&pointer_index[i].file, memory_order_relaxed));
         i = (i + 1) & (POINTER_SLOTS - 1))
        if (f == file && atomic_load_explicit(&pointer_index[i].line_and_id, memory_order_relaxed) >> 32 == (uint32_t)line)
            return;
    atomic_store_explicit(&pointer_index[i].line_and_id, line_and_id(line, id), memory_order_relaxed);
    atomic_store_explicit(&pointer_index[i].file, file, memory_order_release);
    pointer_used++;
}

/* The id of the text `key`, added if new; file and line are what the caller passed, for the pointer index. */
static uint32_t lookup_or_add(const char *key, const char *file, int line)
{
    uint64_t h = hash_text(key);
    uint32_t i = (uint32_t)h & (INDEX_SLOTS - 1);
    uint32_t id = SITE_UNKNOWN;
    hw_lock_acquire(&table_lock);
    for (; index_slots[i]; i = (i + 1) & (INDEX_SLOTS - 1)) {
        if (strcmp(atomic_load(&names[index_slots[i] - 1]), key) == 0) {
            id = index_slots[i] - 1;
            goto found;
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
found:
    pointer_add(file, line, id);
out:
    hw_lock_release(&table_lock);
    return id;
}

uint32_t site_intern(const char *file, int line)
{
    if (!file || !*file || !names)
        return SITE_UNKNOWN;
    uint32_t id = pointer_find(file, line);
    if (id != SITE_NONE)
        return id;
    /* A new site: what interning allocates (the text, stdio's scratch) is heapwatch's, not recorded. */
    hw_guard_enter();
    char key[256];
    snprintf(key, sizeof key, "%s:%d", strip_parents(file), line);
    id = lookup_or_add(key, file, line);
    hw_guard_leave();
    return id;
}

uint32_t sites_count(void) { return atomic_load_explicit(&count, memory_order_acquire); }

const char *site_name(uint32_t id) { return atomic_load_explicit(&names[id], memory_order_acquire); }

void sites_lock(void) { hw_lock_acquire(&table_lock); }
void sites_unlock(void) { hw_lock_release(&table_lock); }
