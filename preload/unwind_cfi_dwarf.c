/*
 * unwind_cfi_dwarf.c - finding the FDE for an address and running its call-frame program.
 *
 * The .eh_frame_hdr search table is binary-searched for the FDE covering the address; the CIE's
 * initial instructions, then the FDE's, are run up to the address. Only three columns matter to
 * the fast unwinder (the CFA, the return address, RBP), so the interpreter tracks those and
 * parses, then ignores, the rules of every other register. A rule it cannot express (an
 * expression, a value kept in another register) marks the column "other"; a frame whose tracked
 * columns end up "other" is unsupported. The formats are those of the LSB's .eh_frame chapter and
 * DWARF 4 section 6.4.
 */
#include "unwind_cfi_dwarf.h"

#include "unwind_cfi.h"

#ifdef UNWIND_CFI_NATIVE

#include <stddef.h>
#include <string.h>

/* DWARF register numbers of the x86_64 psABI. */
enum { DWARF_RBP = 6, DWARF_RSP = 7, DWARF_RETURN_ADDRESS = 16 };

/* Pointer encodings (DW_EH_PE_*): a format in the low nibble, how to apply it in the high one. */
enum {
    PE_ABSPTR = 0x00,
    PE_ULEB128 = 0x01,
    PE_UDATA2 = 0x02,
    PE_UDATA4 = 0x03,
    PE_UDATA8 = 0x04,
    PE_SLEB128 = 0x09,
    PE_SDATA2 = 0x0a,
    PE_SDATA4 = 0x0b,
    PE_SDATA8 = 0x0c,
    PE_FORMAT_MASK = 0x0f,
    PE_PCREL = 0x10,
    PE_DATAREL = 0x30,
    PE_ALIGNED = 0x50,
    PE_APPLICATION_MASK = 0x70,
    PE_INDIRECT = 0x80,
};

/* Call-frame instructions (DW_CFA_*). The first three carry an operand in their low six bits. */
enum {
    OP_ADVANCE_LOC = 0x40,
    OP_OFFSET = 0x80,
    OP_RESTORE = 0xc0,
    OP_NOP = 0x00,
    OP_SET_LOC = 0x01,
    OP_ADVANCE_LOC1 = 0x02,
    OP_ADVANCE_LOC2 = 0x03,
    OP_ADVANCE_LOC4 = 0x04,
    OP_OFFSET_EXTENDED = 0x05,
    OP_RESTORE_EXTENDED = 0x06,
    OP_UNDEFINED = 0x07,
    OP_SAME_VALUE = 0x08,
    OP_REGISTER = 0x09,
    OP_REMEMBER_STATE = 0x0a,
    OP_RESTORE_STATE = 0x0b,
    OP_DEF_CFA = 0x0c,
    OP_DEF_CFA_REGISTER = 0x0d,
    OP_DEF_CFA_OFFSET = 0x0e,
    OP_DEF_CFA_EXPRESSION = 0x0f,
    OP_EXPRESSION = 0x10,
    OP_OFFSET_EXTENDED_SF = 0x11,
    OP_DEF_CFA_SF = 0x12,
    OP_DEF_CFA_OFFSET_SF = 0x13,
    OP_VAL_OFFSET = 0x14,
    OP_VAL_OFFSET_SF = 0x15,
    OP_VAL_EXPRESSION = 0x16,
    OP_GNU_ARGS_SIZE = 0x2e,
    OP_GNU_NEGATIVE_OFFSET_EXTENDED = 0x2f,
};

/* An .eh_frame_hdr search table entry: two datarel sdata4 values, start address and FDE. */
#define HDR_ENTRY_SIZE 8
/* gcc nests remember_state at most a couple of levels deep; deeper is treated as unsupported. */
#define REMEMBER_DEPTH 8

static const struct cfi_rule unsupported_rule = {.kind = CFI_UNSUPPORTED};

/* A bounded byte reader: a read past the end sets bad and yields zeros. */
struct reader {
    const uint8_t *at;
    const uint8_t *end;
    int bad;
};

/* A reader from p to the end of the tables' segment; bad if p lies outside it. */
static struct reader reader_at(const struct cfi_eh_tables *tables, const uint8_t *p)
{
    uintptr_t a = (uintptr_t)p;
    struct reader r = {p, p, 1};
    if (a >= tables->segment_start && a < tables->segment_end) {
        r.end = (const uint8_t *)tables->segment_end;
        r.bad = 0;
    }
    return r;
}

static size_t remaining(const struct reader *r) { return (size_t)(r->end - r->at); }

static uint8_t read_u8(struct reader *r)
{
    if (r->at >= r->end) {
        r->bad = 1;
        return 0;
    }
    return *r->at++;
}

/* A little-endian unsigned value of size bytes (at most 8). */
static uint64_t read_fixed(struct reader *r, size_t size)
{
    uint64_t value = 0;
    if (remaining(r) < size) {
        r->bad = 1;
        return 0;
    }
    memcpy(&value, r->at, size);
    r->at += size;
    return value;
}

static int64_t sign_extend(uint64_t value, unsigned bits)
{
    unsigned unused = 64 - bits;
    return (int64_t)(value << unused) >> unused;
}

static uint64_t read_leb128(struct reader *r, int is_signed)
{
    uint64_t value = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        byte = read_u8(r);
        if (shift < 64)
            value |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while ((byte & 0x80) && !r->bad);
    if (is_signed && (byte & 0x40) && shift < 64)
        value |= ~(uint64_t)0 << shift;
    return value;
}

static uint64_t read_uleb(struct reader *r) { return read_leb128(r, 0); }
static int64_t read_sleb(struct reader *r) { return (int64_t)read_leb128(r, 1); }

/* An operand times an alignment factor, wrapping (not overflowing) on nonsense operands. */
static int64_t factored(uint64_t operand, int64_t factor) { return (int64_t)(operand * (uint64_t)factor); }

/* Skips n bytes (a block operand, augmentation data). */
static void skip(struct reader *r, uint64_t n)
{
    if (n > remaining(r))
        r->bad = 1;
    else
        r->at += n;
}

/* The raw value of an encoded pointer, before its application (pc-relative...). */
static uint64_t read_encoded_value(struct reader *r, uint8_t encoding)
{
    switch (encoding & PE_FORMAT_MASK) {
    case PE_ABSPTR:
    case PE_UDATA8:
    case PE_SDATA8:
        return read_fixed(r, 8);
    case PE_ULEB128:
        return read_uleb(r);
    case PE_SLEB128:
        return (uint64_t)read_sleb(r);
    case PE_UDATA2:
        return read_fixed(r, 2);
    case PE_SDATA2:
        return (uint64_t)sign_extend(read_fixed(r, 2), 16);
    case PE_UDATA4:
        return read_fixed(r, 4);
    case PE_SDATA4:
        return (uint64_t)sign_extend(read_fixed(r, 4), 32);
    default:
        r->bad = 1;
        return 0;
    }
}

/*
 * An encoded address: pc-relative to where it is stored, or data-relative to datarel_base (the
 * .eh_frame_hdr; 0 where that encoding has no meaning). Indirect addresses are never needed.
 */
static uintptr_t read_encoded_address(struct reader *r, uint8_t encoding, uintptr_t datarel_base)
{
    uintptr_t field = (uintptr_t)r->at;
    uint64_t value = read_encoded_value(r, encoding);
    if (encoding & PE_INDIRECT)
        r->bad = 1;
    switch (encoding & PE_APPLICATION_MASK) {
    case 0:
        return value;
    case PE_PCREL:
        return field + value;
    case PE_DATAREL:
        if (datarel_base)
            return datarel_base + value;
        break;
    default:
        break;
    }
    r->bad = 1;
    return 0;
}

static uintptr_t hdr_entry_field(const uint8_t *hdr, const uint8_t *table, size_t index, size_t field)
{
    int32_t offset;
    memcpy(&offset, table + index * HDR_ENTRY_SIZE + field * sizeof offset, sizeof offset);
    return (uintptr_t)hdr + (uintptr_t)(intptr_t)offset;
}

/* The FDE whose range may hold pc: the last search-table entry starting at or below pc. */
static const uint8_t *fde_candidate(const struct cfi_eh_tables *tables, uintptr_t pc)
{
    const uint8_t *hdr = tables->hdr;
    struct reader r = reader_at(tables, hdr);
    uint8_t version = read_u8(&r);
    uint8_t frame_pointer_encoding = read_u8(&r);
    uint8_t count_encoding = read_u8(&r);
    uint8_t table_encoding = read_u8(&r);
    if (version != 1 || table_encoding != (PE_DATAREL | PE_SDATA4))
        return NULL;
    read_encoded_address(&r, frame_pointer_encoding, (uintptr_t)hdr);
    uint64_t count = read_encoded_address(&r, count_encoding, (uintptr_t)hdr);
    if (r.bad || count == 0 || count > remaining(&r) / HDR_ENTRY_SIZE)
        return NULL;
    const uint8_t *table = r.at;
    if (hdr_entry_field(hdr, table, 0, 0) > pc)
        return NULL;
    size_t low = 0, high = (size_t)count; /* entry low starts at or below pc; entry high does not */
    while (high - low > 1) {
        size_t mid = low + (high - low) / 2;
        if (hdr_entry_field(hdr, table, mid, 0) <= pc)
            low = mid;
        else
            high = mid;
    }
    return (const uint8_t *)hdr_entry_field(hdr, table, low, 1);
}

/* A CIE or FDE: a 32-bit length, then that many bytes. The 64-bit form never occurs in .eh_frame. */
static int read_record(const struct cfi_eh_tables *tables, const uint8_t *at, struct reader *body)
{
    struct reader r = reader_at(tables, at);
    uint32_t length = (uint32_t)read_fixed(&r, 4);
    if (r.bad || length == 0 || length == UINT32_MAX || length > remaining(&r))
        return 0;
    *body = (struct reader){r.at, r.at + length, 0};
    return 1;
}

struct cie {
    uint8_t fde_encoding;
    int fdes_have_augmentation_data; /* 'z' */
    int signal_frame;                /* 'S' */
    uint64_t code_alignment;
    int64_t data_alignment;
    struct reader initial_instructions;
};

static int parse_augmentation_data(struct reader *r, const char *letters, struct cie *cie)
{
    struct reader data = *r;
    uint64_t size = read_uleb(&data);
    if (data.bad || size > remaining(&data))
        return 0;
    data.end = data.at + size;
    for (const char *letter = letters; *letter; letter++) {
        uint8_t encoding;
        switch (*letter) {
        case 'R':
            cie->fde_encoding = read_u8(&data);
            break;
        case 'P': /* the personality routine: only its size matters here, and aligned ones have none fixed */
            encoding = read_u8(&data);
            if ((encoding & PE_APPLICATION_MASK) == PE_ALIGNED)
                return 0;
            read_encoded_value(&data, encoding);
            break;
        case 'L':
            read_u8(&data);
            break;
        case 'S':
            cie->signal_frame = 1;
            break;
        default:
            return 0;
        }
    }
    r->at = data.end;
    return !data.bad;
}

static int parse_cie(const struct cfi_eh_tables *tables, const uint8_t *at, struct cie *cie)
{
    struct reader r;
    if (!read_record(tables, at, &r) || read_fixed(&r, 4) != 0)
        return 0;
    uint8_t version = read_u8(&r);
    if (version != 1 && version != 3)
        return 0;
    const char *augmentation = (const char *)r.at;
    size_t augmentation_length = strnlen(augmentation, remaining(&r));
    if (augmentation_length == remaining(&r))
        return 0;
    r.at += augmentation_length + 1;
    cie->code_alignment = read_uleb(&r);
    cie->data_alignment = read_sleb(&r);
    uint64_t return_address_column = version == 1 ? read_u8(&r) : read_uleb(&r);
    if (return_address_column != DWARF_RETURN_ADDRESS)
        return 0;
    cie->fde_encoding = PE_ABSPTR;
    cie->signal_frame = 0;
    cie->fdes_have_augmentation_data = augmentation[0] == 'z';
    if (cie->fdes_have_augmentation_data) {
        if (!parse_augmentation_data(&r, augmentation + 1, cie))
            return 0;
    } else if (augmentation_length != 0) {
        return 0;
    }
    cie->initial_instructions = r;
    return !r.bad;
}

/* What a tracked column's rule says about the caller's value. */
enum column_rule {
    KEPT,      /* same value; also "unspecified", which is how gcc's CIEs leave callee-saved registers */
    UNDEFINED, /* for the return address: there is no caller */
    AT_CFA_OFFSET,
    OTHER, /* anything the fast unwinder cannot follow */
};

enum { COLUMN_RBP, COLUMN_RSP, COLUMN_RETURN_ADDRESS, TRACKED_COLUMNS };

struct column {
    uint8_t rule; /* enum column_rule */
    int64_t offset;
};

/* One row of the call-frame table, reduced to what the fast unwinder uses. */
struct row {
    uint64_t cfa_register;
    int64_t cfa_offset;
    int cfa_is_expression;
    struct column column[TRACKED_COLUMNS];
};

struct interpreter {
    const struct cie *cie;
    const struct row *initial; /* the row the CIE sets up, for DW_CFA_restore; NULL while running it */
    struct row row;
    struct row remembered[REMEMBER_DEPTH];
    unsigned remembered_count;
    uintptr_t loc; /* the address the current row starts at */
    uintptr_t pc;
};

enum run_result { RUN_UNSUPPORTED, RUN_FINISHED, RUN_REACHED_PC };

static struct column *tracked(struct row *row, uint64_t reg)
{
    switch (reg) {
    case DWARF_RBP:
        return &row->column[COLUMN_RBP];
    case DWARF_RSP:
        return &row->column[COLUMN_RSP];
    case DWARF_RETURN_ADDRESS:
        return &row->column[COLUMN_RETURN_ADDRESS];
    default:
        return NULL;
    }
}

static void set_rule(struct interpreter *in, uint64_t reg, enum column_rule rule, int64_t offset)
{
    struct column *column = tracked(&in->row, reg);
    if (column)
        *column = (struct column){(uint8_t)rule, offset};
}

static int restore_rule(struct interpreter *in, uint64_t reg)
{
    struct column *column = tracked(&in->row, reg);
    if (!in->initial)
        return 0;
    if (column)
        *column = in->initial->column[column - in->row.column];
    return 1;
}

/* Moves to the next row; RUN_REACHED_PC when that row starts beyond pc. */
static enum run_result advance_to(struct interpreter *in, uintptr_t loc)
{
    if (loc < in->loc)
        return RUN_UNSUPPORTED;
    if (loc > in->pc)
        return RUN_REACHED_PC;
    in->loc = loc;
    return RUN_FINISHED;
}

static enum run_result run_extended_op(struct interpreter *in, struct reader *r, uint8_t op)
{
    const struct cie *cie = in->cie;
    uint64_t reg;
    switch (op) {
    case OP_NOP:
        return RUN_FINISHED;
    case OP_SET_LOC:
        return advance_to(in, read_encoded_address(r, cie->fde_encoding, 0));
    case OP_ADVANCE_LOC1:
        return advance_to(in, in->loc + read_fixed(r, 1) * cie->code_alignment);
    case OP_ADVANCE_LOC2:
        return advance_to(in, in->loc + read_fixed(r, 2) * cie->code_alignment);
    case OP_ADVANCE_LOC4:
        return advance_to(in, in->loc + read_fixed(r, 4) * cie->code_alignment);
    case OP_OFFSET_EXTENDED:
        reg = read_uleb(r);
        set_rule(in, reg, AT_CFA_OFFSET, factored(read_uleb(r), cie->data_alignment));
        return RUN_FINISHED;
    case OP_OFFSET_EXTENDED_SF:
        reg = read_uleb(r);
        set_rule(in, reg, AT_CFA_OFFSET, factored((uint64_t)read_sleb(r), cie->data_alignment));
        return RUN_FINISHED;
    case OP_GNU_NEGATIVE_OFFSET_EXTENDED:
        reg = read_uleb(r);
        set_rule(in, reg, AT_CFA_OFFSET, factored(0 - read_uleb(r), cie->data_alignment));
        return RUN_FINISHED;
    case OP_RESTORE_EXTENDED:
        return restore_rule(in, read_uleb(r)) ? RUN_FINISHED : RUN_UNSUPPORTED;
    case OP_UNDEFINED:
        set_rule(in, read_uleb(r), UNDEFINED, 0);
        return RUN_FINISHED;
    case OP_SAME_VALUE:
        set_rule(in, read_uleb(r), KEPT, 0);
        return RUN_FINISHED;
    case OP_REGISTER:
        reg = read_uleb(r);
        read_uleb(r);
        set_rule(in, reg, OTHER, 0);
        return RUN_FINISHED;
    case OP_VAL_OFFSET:
    case OP_VAL_OFFSET_SF:
        set_rule(in, read_uleb(r), OTHER, 0);
        read_uleb(r); /* the signed form's operand has the same length */
        return RUN_FINISHED;
    case OP_EXPRESSION:
    case OP_VAL_EXPRESSION:
        set_rule(in, read_uleb(r), OTHER, 0);
        skip(r, read_uleb(r));
        return RUN_FINISHED;
    case OP_REMEMBER_STATE:
        if (in->remembered_count == REMEMBER_DEPTH)
            return RUN_UNSUPPORTED;
        in->remembered[in->remembered_count++] = in->row;
        return RUN_FINISHED;
    case OP_RESTORE_STATE:
        /* The CFA is part of the remembered state, as gcc, libgcc and libunwind all assume. */
        if (in->remembered_count == 0)
            return RUN_UNSUPPORTED;
        in->row = in->remembered[--in->remembered_count];
        return RUN_FINISHED;
    case OP_DEF_CFA:
        in->row.cfa_register = read_uleb(r);
        in->row.cfa_offset = (int64_t)read_uleb(r);
        in->row.cfa_is_expression = 0;
        return RUN_FINISHED;
    case OP_DEF_CFA_SF:
        in->row.cfa_register = read_uleb(r);
        in->row.cfa_offset = factored((uint64_t)read_sleb(r), cie->data_alignment);
        in->row.cfa_is_expression = 0;
        return RUN_FINISHED;
    case OP_DEF_CFA_REGISTER:
        in->row.cfa_register = read_uleb(r);
        return in->row.cfa_is_expression ? RUN_UNSUPPORTED : RUN_FINISHED;
    case OP_DEF_CFA_OFFSET:
        in->row.cfa_offset = (int64_t)read_uleb(r);
        return in->row.cfa_is_expression ? RUN_UNSUPPORTED : RUN_FINISHED;
    case OP_DEF_CFA_OFFSET_SF:
        in->row.cfa_offset = factored((uint64_t)read_sleb(r), cie->data_alignment);
        return in->row.cfa_is_expression ? RUN_UNSUPPORTED : RUN_FINISHED;
    case OP_DEF_CFA_EXPRESSION:
        in->row.cfa_is_expression = 1;
        skip(r, read_uleb(r));
        return RUN_FINISHED;
    case OP_GNU_ARGS_SIZE: /* only matters to exception landing pads, not to finding the caller */
        read_uleb(r);
        return RUN_FINISHED;
    default:
        return RUN_UNSUPPORTED;
    }
}

/* Runs instructions until they end or the next row starts beyond pc. */
static enum run_result run(struct interpreter *in, struct reader *r)
{
    while (r->at < r->end) {
        uint8_t op = read_u8(r);
        uint8_t operand = op & 0x3f;
        enum run_result result = RUN_FINISHED;
        switch (op & 0xc0) {
        case OP_ADVANCE_LOC:
            result = advance_to(in, in->loc + operand * in->cie->code_alignment);
            break;
        case OP_OFFSET:
            set_rule(in, operand, AT_CFA_OFFSET, factored(read_uleb(r), in->cie->data_alignment));
            break;
        case OP_RESTORE:
            result = restore_rule(in, operand) ? RUN_FINISHED : RUN_UNSUPPORTED;
            break;
        default:
            result = run_extended_op(in, r, op);
            break;
        }
        if (r->bad)
            return RUN_UNSUPPORTED;
        if (result != RUN_FINISHED)
            return result;
    }
    return RUN_FINISHED;
}

static struct cfi_rule rule_from_row(const struct row *row, int signal_frame)
{
    struct cfi_rule rule = unsupported_rule;
    const struct column *return_address = &row->column[COLUMN_RETURN_ADDRESS];
    const struct column *rbp = &row->column[COLUMN_RBP];
    if (signal_frame)
        return rule;
    if (return_address->rule == UNDEFINED) {
        rule.kind = CFI_OUTERMOST;
        return rule;
    }
    if (return_address->rule != AT_CFA_OFFSET || return_address->offset != -8 || row->cfa_is_expression ||
        row->column[COLUMN_RSP].rule != KEPT || row->cfa_offset < 8 || row->cfa_offset > INT32_MAX)
        return rule;
    if (rbp->rule == AT_CFA_OFFSET) {
        if (rbp->offset > -16 || rbp->offset < INT16_MIN || row->cfa_offset + rbp->offset < 0)
            return rule;
        rule.rbp_offset = (int16_t)rbp->offset;
    } else if (rbp->rule != KEPT) {
        return rule;
    }
    if (row->cfa_register == DWARF_RSP)
        rule.kind = CFI_RSP_BASED;
    else if (row->cfa_register == DWARF_RBP)
        rule.kind = CFI_RBP_BASED;
    else
        return rule;
    rule.cfa_offset = (int32_t)row->cfa_offset;
    return rule;
}

static struct cfi_rule rule_from_fde(const struct cfi_eh_tables *tables, const uint8_t *fde, uintptr_t pc)
{
    struct reader r;
    struct cie cie;
    if (!read_record(tables, fde, &r))
        return unsupported_rule;
    const uint8_t *cie_pointer = r.at;
    uint32_t cie_distance = (uint32_t)read_fixed(&r, 4);
    if (r.bad || cie_distance == 0 || cie_distance > (uintptr_t)cie_pointer - tables->segment_start ||
        !parse_cie(tables, cie_pointer - cie_distance, &cie))
        return unsupported_rule;
    uintptr_t start = read_encoded_address(&r, cie.fde_encoding, 0);
    uint64_t length = read_encoded_value(&r, cie.fde_encoding & PE_FORMAT_MASK);
    if (cie.fdes_have_augmentation_data)
        skip(&r, read_uleb(&r));
    if (r.bad || pc < start || pc - start >= length)
        return unsupported_rule;

    struct interpreter in = {.cie = &cie, .loc = start, .pc = pc};
    in.row.cfa_register = UINT64_MAX;
    enum run_result result = run(&in, &cie.initial_instructions);
    if (result == RUN_FINISHED) {
        struct row initial = in.row;
        in.initial = &initial;
        result = run(&in, &r);
    }
    return result == RUN_UNSUPPORTED ? unsupported_rule : rule_from_row(&in.row, cie.signal_frame);
}

struct cfi_rule cfi_rule_at(const struct cfi_eh_tables *tables, uintptr_t pc)
{
    const uint8_t *fde = tables->hdr ? fde_candidate(tables, pc) : NULL;
    return fde ? rule_from_fde(tables, fde, pc) : unsupported_rule;
}

#endif
