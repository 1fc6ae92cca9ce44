/*
 * cache_check.c - the rule cache under one writer and several readers at once.
 *
 * The writer inserts rules for 200000 keys (so the table grows several times), each rule a
 * function of its key, and empties the table every 40000 keys. Readers look keys up the way the
 * walk does (home entry, the next one, then the whole probe sequence) and check the rule they
 * get: a wrong rule is allowed only if the generation moved meanwhile (the walk then discards
 * its result). After the writer, every key inserted since the last emptying must be found.
 * Prints the counts; exits 1 on any violation.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "unwind_cfi_cache.h"

#define KEYS 200000
#define FORGET_EVERY 40000
#define READERS 3
#define FIRST_KEY 0x10000u

static atomic_int writing = 1;
static atomic_uint inserted; /* keys below FIRST_KEY + inserted * 8 have been offered */
static atomic_ulong lookups, hits, excused, wrong;

static uintptr_t key_of(unsigned i) { return FIRST_KEY + (uintptr_t)i * 8 + (i % 5); }

static struct cfi_rule rule_of(unsigned i)
{
    struct cfi_rule rule = {.kind = (uint8_t)(i % 3 == 0 ? CFI_RBP_BASED : CFI_RSP_BASED),
                            .cfa_offset = (int32_t)(16 + (i % 4000) * 8)};
    if (i % 2)
        rule.rbp_offset = -16;
    return rule;
}

static int same(struct cfi_rule a, struct cfi_rule b)
{
    return a.kind == b.kind && a.cfa_offset == b.cfa_offset && a.rbp_offset == b.rbp_offset;
}

/* The walk's lookup: the home entry, the next, then the rest of the probe sequence. */
static int look_up(const struct cfi_cache *cache, uintptr_t ra, struct cfi_rule *rule)
{
    size_t at = cfi_cache_home(cache, ra);
    if (cfi_cache_key(cache, at) == ra || cfi_cache_key(cache, at = cfi_cache_next(cache, at)) == ra) {
        *rule = cfi_rule_unpack(cfi_cache_packed_rule(cache, at));
        return 1;
    }
    return cfi_cache_find(cache, ra, rule);
}

static void *read_while_writing(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (atomic_load(&writing)) {
        unsigned offered = atomic_load(&inserted);
        if (!offered)
            continue;
        unsigned i = (unsigned)rand_r(&seed) % offered;
        unsigned generation;
        const struct cfi_cache *cache = cfi_cache_begin(&generation);
        struct cfi_rule rule;
        atomic_fetch_add(&lookups, 1);
        if (!look_up(cache, key_of(i), &rule))
            continue;
        atomic_fetch_add(&hits, 1);
        if (same(rule, rule_of(i)))
            continue;
        atomic_fetch_add(cfi_cache_still_valid(generation) ? &wrong : &excused, 1);
    }
    return NULL;
}

int main(void)
{
    if (cfi_cache_init() != 0)
        return 2;
    pthread_t readers[READERS];
    for (uintptr_t r = 0; r < READERS; r++)
        pthread_create(&readers[r], NULL, read_while_writing, (void *)(r + 1));
    unsigned kept_from = 0;
    for (unsigned i = 0; i < KEYS; i++) {
        if (i && i % FORGET_EVERY == 0) {
            cfi_cache_forget_all();
            kept_from = i;
        }
        cfi_cache_insert(key_of(i), rule_of(i));
        atomic_store(&inserted, i + 1);
    }
    atomic_store(&writing, 0);
    for (int r = 0; r < READERS; r++)
        pthread_join(readers[r], NULL);

    unsigned missing = 0, stale = 0;
    const struct cfi_cache *cache = atomic_load(&cfi_cache_current);
    for (unsigned i = 0; i < KEYS; i++) {
        struct cfi_rule rule;
        int found = look_up(cache, key_of(i), &rule);
        if (i >= kept_from && (!found || !same(rule, rule_of(i))))
            missing++;
        if (i < kept_from && found)
            stale++;
    }
    printf("%lu lookups while writing: %lu found, %lu wrong rules excused by a moved generation, %lu wrong\n",
           atomic_load(&lookups), atomic_load(&hits), atomic_load(&excused), atomic_load(&wrong));
    printf("afterwards: %u of the %u keys kept are missing or wrong, %u forgotten keys still found; %zu entries\n",
           missing, KEYS - kept_from, stale, cache->entry_count);
    return atomic_load(&wrong) || missing || stale ? 1 : 0;
}
