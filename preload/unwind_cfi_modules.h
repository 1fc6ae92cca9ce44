/*
 * unwind_cfi_modules.h - the loaded modules' code ranges and unwind tables, for the fast
 * unwinder's slow path.
 *
 * The list comes from dl_iterate_phdr and is read again only when the loader's counters of
 * objects loaded and unloaded (dlpi_adds, dlpi_subs) move. One thread at a time: the caller
 * serialises every call.
 */
#ifndef HEAPWATCH_UNWIND_CFI_MODULES_H
#define HEAPWATCH_UNWIND_CFI_MODULES_H

#include <stdint.h>

#include "unwind_cfi_dwarf.h"

struct cfi_module {
    uintptr_t code_start; /* from the lowest to the end of the highest executable segment */
    uintptr_t code_end;
    struct cfi_eh_tables tables;
};

/*
 * Brings the list up to date with the loader. If objects were unloaded since the last update,
 * forget_unloaded_code() is called before the new list counts as current, so that anything
 * learned about code that may now be gone is dropped (and a fork in between leaves the child to
 * redo both). Returns 0, or -1 when the list could not be read (then nothing should be concluded
 * about any address).
 */
int cfi_modules_sync(void (*forget_unloaded_code)(void));

/* The module whose code holds pc, or NULL (then pc is not in any loaded object's code). */
const struct cfi_module *cfi_modules_find(uintptr_t pc);

#endif
