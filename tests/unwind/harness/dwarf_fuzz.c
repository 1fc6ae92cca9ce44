/*
 * dwarf_fuzz.c - the .eh_frame reader on damaged tables: it must never read outside the segment
 * that holds them, whatever the bytes say. Built with AddressSanitizer, which stops the program
 * at the first read outside.
 *
 * The program's own segment holding .eh_frame_hdr and .eh_frame is copied to the heap (every
 * pointer in it is relative, so the copy is a working set of tables for the code translated by
 * the same distance). First the copy must give the same rules as the original for addresses all
 * over the code; then, round after round, a copy is cut short and bytes of its tables damaged,
 * and addresses are looked up in it.
 * Prints the counts; exits 1 if the intact copy disagrees.
 */
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unwind_cfi_dwarf.h"

#define ROUNDS 100000
#define LOOKUPS_PER_ROUND 8

struct own_tables {
    struct cfi_eh_tables tables;
    uintptr_t code_start, code_end;
};

static int find_own_tables(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct own_tables *own = arg;
    const ElfW(Phdr) *hdr = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
            hdr = &info->dlpi_phdr[i];
    for (int i = 0; hdr && i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr, end = start + ph->p_memsz;
        if (ph->p_flags & PF_X) {
            own->code_start = start;
            own->code_end = end;
        }
        if (hdr->p_vaddr >= ph->p_vaddr && hdr->p_vaddr - ph->p_vaddr < ph->p_memsz)
            own->tables = (struct cfi_eh_tables){(const uint8_t *)(info->dlpi_addr + hdr->p_vaddr), start, end};
    }
    return 1; /* the program is the first object */
}

/* The segment also holds the program's constants, with AddressSanitizer's red zones between them. */
__attribute__((no_sanitize("address"))) static void copy_segment(uint8_t *to, const uint8_t *from, size_t size)
{
    for (size_t i = 0; i < size; i++)
        to[i] = from[i];
}

static int same(struct cfi_rule a, struct cfi_rule b)
{
    return a.kind == b.kind && a.cfa_offset == b.cfa_offset && a.rbp_offset == b.rbp_offset;
}

int main(void)
{
    struct own_tables own = {0};
    dl_iterate_phdr(find_own_tables, &own);
    if (!own.tables.hdr || !own.code_end) {
        fprintf(stderr, "dwarf_fuzz: no unwind tables found in the program\n");
        return 2;
    }
    size_t size = own.tables.segment_end - own.tables.segment_start;
    uint8_t *copy = malloc(size);
    if (!copy)
        return 2;
    copy_segment(copy, (const uint8_t *)own.tables.segment_start, size);
    uintptr_t distance = (uintptr_t)copy - own.tables.segment_start;
    struct cfi_eh_tables intact = {own.tables.hdr + distance, (uintptr_t)copy, (uintptr_t)copy + size};

    unsigned compared = 0, disagreements = 0, supported = 0;
    for (uintptr_t pc = own.code_start; pc < own.code_end; pc += 7) {
        struct cfi_rule original = cfi_rule_at(&own.tables, pc);
        compared++;
        supported += original.kind != CFI_UNSUPPORTED;
        if (!same(original, cfi_rule_at(&intact, pc + distance)))
            disagreements++;
    }

    /* Damage lands in the tables (.eh_frame_hdr, then .eh_frame up to the segment's end), and the
     * segment is cut short at a random point every other round: reading past the cut is reading
     * past the heap block. */
    size_t tables_at = (size_t)(own.tables.hdr - (const uint8_t *)own.tables.segment_start);
    unsigned seed = 1;
    unsigned long lookups = 0, still_supported = 0;
    for (int round = 0; round < ROUNDS; round++) {
        size_t cut = round % 2 ? size : tables_at + 1 + (size_t)rand_r(&seed) % (size - tables_at);
        uint8_t *damaged = malloc(cut);
        if (!damaged)
            return 2;
        memcpy(damaged, copy, cut);
        for (int flips = rand_r(&seed) % 8; flips > 0; flips--)
            damaged[tables_at + (size_t)rand_r(&seed) % (cut - tables_at)] = (uint8_t)rand_r(&seed);
        struct cfi_eh_tables broken = {damaged + tables_at, (uintptr_t)damaged, (uintptr_t)damaged + cut};
        for (int i = 0; i < LOOKUPS_PER_ROUND; i++) {
            uintptr_t pc = own.code_start + (uintptr_t)rand_r(&seed) % (own.code_end - own.code_start);
            uintptr_t translated = pc - own.tables.segment_start + (uintptr_t)damaged;
            still_supported += cfi_rule_at(&broken, translated).kind != CFI_UNSUPPORTED;
            lookups++;
        }
        free(damaged);
    }
    printf("intact copy: %u addresses (%u with a supported rule), %u disagreements\n", compared, supported,
           disagreements);
    printf("damaged copies: %lu lookups, %lu still gave a supported rule, no read outside the tables\n", lookups,
           still_supported);
    free(copy);
    return disagreements || !supported ? 1 : 0;
}
