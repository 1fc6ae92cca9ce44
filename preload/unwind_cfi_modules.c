/*
 * unwind_cfi_modules.c - a table of loaded modules, refreshed when the loader's counters move.
 *
 * Every dl_iterate_phdr call runs inside the fork gate: it takes the loader's lock, which a fork
 * must not copy while held. The table lives in arena memory and is only touched by the one thread
 * the caller lets in, so it can be grown and freed without any care for readers.
 */
#include "unwind_cfi_modules.h"

#include "unwind_cfi.h"

#ifdef UNWIND_CFI_NATIVE

#include <link.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "fork_gate.h"

#define FIRST_CAPACITY 64

struct loader_counts {
    unsigned long long adds;
    unsigned long long subs;
};

static struct {
    struct cfi_module *modules;
    size_t count;
    size_t capacity;
    int complete;                 /* the last read succeeded */
    struct loader_counts current; /* the counters the list was read under */
} table;

struct reading {
    struct loader_counts counts;
    int failed;
};

static int has_counters(size_t size)
{
    return size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof(((struct dl_phdr_info *)0)->dlpi_subs);
}

static int read_counts(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct reading *reading = arg;
    if (!has_counters(size))
        reading->failed = 1;
    else
        reading->counts = (struct loader_counts){info->dlpi_adds, info->dlpi_subs};
    return 1; /* the first object is enough: every one reports the same counters */
}

static int make_room(void)
{
    if (table.count < table.capacity)
        return 1;
    size_t capacity = table.capacity ? table.capacity * 2 : FIRST_CAPACITY;
    struct cfi_module *bigger = arena_map(capacity * sizeof *bigger);
    if (!bigger)
        return 0;
    if (table.count)
        memcpy(bigger, table.modules, table.count * sizeof *bigger);
    arena_unmap(table.modules, table.capacity * sizeof *table.modules);
    table.modules = bigger;
    table.capacity = capacity;
    return 1;
}

/* The unwind tables of a module: PT_GNU_EH_FRAME and the loaded segment that contains it. */
static struct cfi_eh_tables tables_of(const struct dl_phdr_info *info)
{
    struct cfi_eh_tables tables = {0};
    const ElfW(Phdr) *hdr = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
            hdr = &info->dlpi_phdr[i];
    if (!hdr)
        return tables;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_R) && hdr->p_vaddr >= ph->p_vaddr &&
            hdr->p_vaddr - ph->p_vaddr < ph->p_memsz) {
            tables.hdr = (const uint8_t *)(info->dlpi_addr + hdr->p_vaddr);
            tables.segment_start = info->dlpi_addr + ph->p_vaddr;
            tables.segment_end = tables.segment_start + ph->p_memsz;
        }
    }
    return tables;
}

static int add_module(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct reading *reading = arg;
    if (!has_counters(size) || !make_room()) {
        reading->failed = 1;
        return 1;
    }
    reading->counts = (struct loader_counts){info->dlpi_adds, info->dlpi_subs};
    struct cfi_module module = {0};
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        uintptr_t end = start + ph->p_memsz;
        if (!module.code_end || start < module.code_start)
            module.code_start = start;
        if (end > module.code_end)
            module.code_end = end;
    }
    if (module.code_end) {
        module.tables = tables_of(info);
        table.modules[table.count++] = module;
    }
    return 0;
}

static int iterate(int (*callback)(struct dl_phdr_info *, size_t, void *), struct reading *reading)
{
    fork_gate_enter();
    dl_iterate_phdr(callback, reading);
    fork_gate_leave();
    return reading->failed ? -1 : 0;
}

int cfi_modules_sync(void (*forget_unloaded_code)(void))
{
    struct reading now = {0};
    if (iterate(read_counts, &now) != 0)
        return -1;
    if (table.complete && now.counts.adds == table.current.adds && now.counts.subs == table.current.subs)
        return 0;
    struct reading reread = {0};
    table.count = 0;
    table.complete = 0;
    if (iterate(add_module, &reread) != 0)
        return -1;
    if (reread.counts.subs != table.current.subs)
        forget_unloaded_code();
    table.current = reread.counts;
    table.complete = 1;
    return 0;
}

const struct cfi_module *cfi_modules_find(uintptr_t pc)
{
    for (size_t i = 0; i < table.count; i++)
        if (pc >= table.modules[i].code_start && pc < table.modules[i].code_end)
            return &table.modules[i];
    return NULL;
}

#endif
