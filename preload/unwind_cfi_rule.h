/*
 * unwind_cfi_rule.h - how the fast unwinder steps from one x86_64 frame to its caller.
 *
 * The fast path (unwind_cfi.c) only handles frames of the shape compilers emit for ordinary code,
 * the same shape libunwind's own fast trace handles: the CFA is RSP or RBP plus a constant, the
 * return address sits just below the CFA, RBP is untouched or saved at a constant offset from
 * the CFA, and the caller's RSP is the CFA. Anything else (signal frames, DWARF expressions,
 * stacks realigned through another register, code without unwind tables) is CFI_UNSUPPORTED, and
 * the whole capture is left to libunwind.
 */
#ifndef HEAPWATCH_UNWIND_CFI_RULE_H
#define HEAPWATCH_UNWIND_CFI_RULE_H

#include <stdint.h>

enum cfi_frame_kind {
    /* The frame has no caller (its return address is undefined: _start, a thread's start). */
    CFI_OUTERMOST,
    CFI_RSP_BASED, /* CFA = RSP + cfa_offset */
    CFI_RBP_BASED, /* CFA = RBP + cfa_offset */
    CFI_UNSUPPORTED,
};

/* The cache packs a rule into one word (unwind_cfi_cache.h), so a reader never sees parts of two. */
struct cfi_rule {
    uint8_t kind; /* enum cfi_frame_kind */
    /*
     * 0: the caller's RBP is the current one. Otherwise the caller's RBP is saved at
     * CFA + rbp_offset, which is <= -16 and lies inside the frame (cfa_offset + rbp_offset >= 0).
     */
    int16_t rbp_offset;
    int32_t cfa_offset; /* >= 8: the return address slot lies inside the frame */
};

#endif
