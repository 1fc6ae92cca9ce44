/*
 * unwind_cfi_dwarf.h - the unwind rule at one code address, read from a module's .eh_frame.
 *
 * Pure reading: no state, no locks, no allocation. Every byte read lies inside the segment that
 * holds the module's unwind tables, so a malformed table yields CFI_UNSUPPORTED, never a fault.
 */
#ifndef HEAPWATCH_UNWIND_CFI_DWARF_H
#define HEAPWATCH_UNWIND_CFI_DWARF_H

#include <stdint.h>

#include "unwind_cfi_rule.h"

/* Where a loaded module's unwind tables are. */
struct cfi_eh_tables {
    const uint8_t *hdr;        /* .eh_frame_hdr (PT_GNU_EH_FRAME), or NULL if the module has none */
    uintptr_t segment_start;   /* the loaded segment holding it; .eh_frame must lie there too */
    uintptr_t segment_end;
};

/*
 * The rule for the frame executing at pc. For a caller's frame pc is its return address - 1,
 * which lies inside the call instruction and so inside the calling function even when the call
 * is the function's last instruction.
 */
struct cfi_rule cfi_rule_at(const struct cfi_eh_tables *tables, uintptr_t pc);

#endif
