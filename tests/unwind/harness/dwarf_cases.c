/*
 * dwarf_cases.c - the call-frame interpreter on hand-written tables: one FDE per case, each with
 * the instructions of a known prologue or of a construct compilers rarely emit, and the rule
 * expected at given addresses. The tables (.eh_frame_hdr, two CIEs, the FDEs) are laid out in a
 * buffer as the linker would; the "code" they describe is only a range of numbers next to it.
 * Prints one line per failed expectation; exits 1 if there is any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unwind_cfi_dwarf.h"

enum { RBX = 3, RBP = 6, RSP = 7, R10 = 10, RA = 16 };
enum { FUNCTION_SIZE = 0x100, MAX_FDES = 32 };

#define ADVANCE(n) 0x40 | (n)
#define OFFSET(reg, n) 0x80 | (reg), (n)
#define RESTORE(reg) 0xc0 | (reg)
#define ADVANCE1(n) 0x02, (n)
#define ADVANCE2(n) 0x03, (n) & 0xff, (n) >> 8
#define ADVANCE4(n) 0x04, (n) & 0xff, ((n) >> 8) & 0xff, 0, 0
#define OFFSET_EXTENDED_SF(reg, n) 0x11, (reg), (n) & 0x7f
#define UNDEFINED(reg) 0x07, (reg)
#define SAME_VALUE(reg) 0x08, (reg)
#define REGISTER(reg, into) 0x09, (reg), (into)
#define REMEMBER 0x0a
#define RESTORE_STATE 0x0b
#define DEF_CFA(reg, n) 0x0c, (reg), (n)
#define DEF_CFA_REGISTER(reg) 0x0d, (reg)
#define DEF_CFA_OFFSET(n) 0x0e, (n)
#define DEF_CFA_EXPRESSION 0x0f, 2, 0x77, 0x08 /* DW_OP_breg7 8 */
#define EXPRESSION(reg) 0x10, (reg), 2, 0x77, 0x08
#define DEF_CFA_SF(reg, n) 0x12, (reg), (n) & 0x7f
#define VAL_OFFSET(reg, n) 0x14, (reg), (n)
#define ARGS_SIZE(n) 0x2e, (n)

static uint8_t tables[8192];
static size_t used;
static struct {
    uintptr_t start;
    size_t fde;
} index_entries[MAX_FDES];
static int fde_count;
static size_t plain_cie, signal_cie;

static void emit(const void *bytes, size_t n)
{
    memcpy(tables + used, bytes, n);
    used += n;
}

static void emit_u8(uint8_t v) { emit(&v, 1); }
static void emit_u32(uint32_t v) { emit(&v, 4); }
static void emit_i32(int32_t v) { emit(&v, 4); }

/* A CIE like gcc's: code alignment 1, data alignment -8, return address in column 16 at CFA-8. */
static size_t add_cie(const char *augmentation)
{
    size_t at = used;
    emit_u32(0); /* length, patched below */
    emit_u32(0); /* CIE id */
    emit_u8(1);
    emit(augmentation, strlen(augmentation) + 1);
    static const uint8_t body[] = {1, 0x78 /* sleb -8 */, RA, 1 /* augmentation data */, 0x1b /* pcrel sdata4 */,
                                   DEF_CFA(RSP, 8), OFFSET(RA, 1)};
    emit(body, sizeof body);
    while ((used - at) % 4)
        emit_u8(0); /* DW_CFA_nop */
    uint32_t length = (uint32_t)(used - at - 4);
    memcpy(tables + at, &length, 4);
    return at;
}

/* The FDE of the case-th function, with these instructions; returns the function's address. */
static uintptr_t add_fde(size_t cie, const uint8_t *instructions, size_t n)
{
    uintptr_t start = (uintptr_t)tables + sizeof tables + (uintptr_t)fde_count * FUNCTION_SIZE;
    size_t at = used;
    emit_u32(0);
    emit_u32((uint32_t)(used - cie));
    emit_i32((int32_t)(start - (uintptr_t)(tables + used)));
    emit_i32(FUNCTION_SIZE - 16); /* a gap before the next function */
    emit_u8(0);
    emit(instructions, n);
    while ((used - at) % 4)
        emit_u8(0);
    uint32_t length = (uint32_t)(used - at - 4);
    memcpy(tables + at, &length, 4);
    index_entries[fde_count].start = start;
    index_entries[fde_count++].fde = at;
    return start;
}

/* The .eh_frame_hdr, written into the space reserved at the start. */
static void write_hdr(size_t eh_frame)
{
    size_t saved = used;
    used = 0;
    static const uint8_t encodings[] = {1, 0x1b, 0x03, 0x3b};
    emit(encodings, sizeof encodings);
    emit_i32((int32_t)(eh_frame - used));
    emit_u32((uint32_t)fde_count);
    for (int i = 0; i < fde_count; i++) {
        emit_i32((int32_t)(index_entries[i].start - (uintptr_t)tables));
        emit_i32((int32_t)index_entries[i].fde);
    }
    if (used > eh_frame)
        abort();
    used = saved;
}

static int failures;

static void expect(const char *what, uintptr_t pc, int kind, int32_t cfa_offset, int16_t rbp_offset)
{
    struct cfi_eh_tables t = {tables, (uintptr_t)tables, (uintptr_t)tables + used};
    struct cfi_rule got = cfi_rule_at(&t, pc);
    int same = got.kind == kind;
    if (same && (kind == CFI_RSP_BASED || kind == CFI_RBP_BASED))
        same = got.cfa_offset == cfa_offset && got.rbp_offset == rbp_offset;
    if (!same) {
        printf("FAIL %s: kind %d, CFA offset %d, RBP offset %d; expected %d, %d, %d\n", what, got.kind,
               got.cfa_offset, got.rbp_offset, kind, cfa_offset, rbp_offset);
        failures++;
    }
}

#define CASE(name, cie, ...)                                                                                          \
    static const uint8_t name##_program[] = {__VA_ARGS__};                                                            \
    uintptr_t name = add_fde(cie, name##_program, sizeof name##_program)

int main(void)
{
    used = 4 + 4 + 4 + MAX_FDES * 8; /* room for the header */
    size_t eh_frame = used;
    plain_cie = add_cie("zR");
    signal_cie = add_cie("zRS");

    CASE(push_rbx, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), OFFSET(RBX, 2));
    CASE(frame_pointer, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), OFFSET(RBP, 2), ADVANCE(3), DEF_CFA_REGISTER(RBP));
    CASE(rbp_saved, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), OFFSET(RBP, 2), ADVANCE(1), DEF_CFA_OFFSET(24),
         OFFSET(RBX, 3), ADVANCE(4), DEF_CFA_OFFSET(48));
    CASE(early_return, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), ADVANCE(9), REMEMBER, DEF_CFA_OFFSET(8), ADVANCE(1),
         RESTORE_STATE);
    CASE(restored, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), OFFSET(RBP, 2), ADVANCE(4), RESTORE(RBP), SAME_VALUE(RBX));
    CASE(long_advances, plain_cie, ADVANCE1(0x20), DEF_CFA_SF(RSP, 0x7c /* -4 * -8 = 32 */), ADVANCE2(0x40),
         OFFSET_EXTENDED_SF(RBP, 3 /* 3 * -8 = -24 */), ADVANCE4(0x10), DEF_CFA_OFFSET(40));
    CASE(args_size, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), ARGS_SIZE(8), ADVANCE(1), DEF_CFA_OFFSET(32));
    CASE(untracked_expression, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), EXPRESSION(RBX));
    CASE(cfa_expression, plain_cie, ADVANCE(1), DEF_CFA_EXPRESSION);
    CASE(rbp_expression, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), EXPRESSION(RBP));
    CASE(rbp_in_register, plain_cie, ADVANCE(1), REGISTER(RBP, RBX));
    CASE(rbp_value, plain_cie, ADVANCE(1), VAL_OFFSET(RBP, 2));
    CASE(realigned, plain_cie, ADVANCE(1), DEF_CFA(R10, 0));
    CASE(outermost, plain_cie, UNDEFINED(RA));
    CASE(signal_frame, signal_cie, ADVANCE(1), DEF_CFA_OFFSET(16));
    CASE(rbp_below_frame, plain_cie, ADVANCE(1), DEF_CFA_OFFSET(16), OFFSET(RBP, 3));
    CASE(remembered_too_deep, plain_cie, REMEMBER, REMEMBER, REMEMBER, REMEMBER, REMEMBER, REMEMBER, REMEMBER,
         REMEMBER, REMEMBER);
    write_hdr(eh_frame);

    expect("entry of push_rbx", push_rbx, CFI_RSP_BASED, 8, 0);
    expect("after push %rbx", push_rbx + 5, CFI_RSP_BASED, 16, 0);
    expect("frame pointer, before mov %rsp,%rbp", frame_pointer + 2, CFI_RSP_BASED, 16, -16);
    expect("frame pointer, body", frame_pointer + 40, CFI_RBP_BASED, 16, -16);
    expect("RBP saved below RBX", rbp_saved + 8, CFI_RSP_BASED, 48, -16);
    expect("early return, before it", early_return + 9, CFI_RSP_BASED, 16, 0);
    expect("early return, at the ret", early_return + 10, CFI_RSP_BASED, 8, 0);
    expect("early return, after it", early_return + 11, CFI_RSP_BASED, 16, 0);
    expect("RBP saved", restored + 2, CFI_RSP_BASED, 16, -16);
    expect("RBP restored", restored + 6, CFI_RSP_BASED, 16, 0);
    expect("advance_loc1", long_advances + 0x21, CFI_RSP_BASED, 32, 0);
    expect("advance_loc2", long_advances + 0x61, CFI_RSP_BASED, 32, -24);
    expect("advance_loc4", long_advances + 0x71, CFI_RSP_BASED, 40, -24);
    expect("GNU_args_size", args_size + 2, CFI_RSP_BASED, 32, 0);
    expect("expression for an untracked register", untracked_expression + 3, CFI_RSP_BASED, 16, 0);
    expect("CFA expression", cfa_expression + 3, CFI_UNSUPPORTED, 0, 0);
    expect("RBP expression", rbp_expression + 3, CFI_UNSUPPORTED, 0, 0);
    expect("RBP kept in another register", rbp_in_register + 3, CFI_UNSUPPORTED, 0, 0);
    expect("RBP given by value", rbp_value + 3, CFI_UNSUPPORTED, 0, 0);
    expect("CFA from R10 (realigned stack)", realigned + 3, CFI_UNSUPPORTED, 0, 0);
    expect("undefined return address", outermost + 3, CFI_OUTERMOST, 0, 0);
    expect("signal frame", signal_frame + 3, CFI_UNSUPPORTED, 0, 0);
    expect("RBP slot outside the frame", rbp_below_frame + 3, CFI_UNSUPPORTED, 0, 0);
    expect("remember_state nested too deep", remembered_too_deep, CFI_UNSUPPORTED, 0, 0);
    expect("gap after a function", push_rbx + FUNCTION_SIZE - 8, CFI_UNSUPPORTED, 0, 0);
    expect("before the first function", push_rbx - 1, CFI_UNSUPPORTED, 0, 0);
    printf("%d cases, %d failed\n", fde_count, failures);
    return failures ? 1 : 0;
}
