/* dump_parse.c: turns the text of one dump file into a struct hw_dump, checking it against
 * docs/FORMAT.md: version, header records once each and in order, the three rankings, sites, maps,
 * the closing `end`, and that the live ranking plus `rest` add up to the header's totals. Anything
 * else is refused with FILE:LINE, so the subcommands never compute from a half-read file. */
#include "dump.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_file.h"
#include "record.h"

enum header_kind {
    H_U64,          /* N */
    H_BYTES,        /* N HUMAN */
    H_SECONDS,      /* SECONDS */
    H_STRING,       /* one escaped string, or `-` */
    H_FLAG,         /* 0 | 1 */
    H_REASON,       /* interval | signal | exit */
    H_OPENSSL,      /* STATE DETAIL */
    H_CMDLINE,      /* ARG... */
    H_SECONDS_OR_DASH,
};

struct header_field {
    const char *record;
    enum header_kind kind;
    size_t offset;
};

#define FIELD(record, member, kind) { record, kind, offsetof(struct hw_dump, member) }
/* In the order the format requires. */
static const struct header_field header_fields[] = {
    FIELD("pid", pid, H_U64),
    FIELD("ppid", ppid, H_U64),
    FIELD("exe", exe, H_STRING),
    FIELD("cmdline", argv, H_CMDLINE),
    FIELD("seq", seq, H_U64),
    FIELD("reason", reason, H_REASON),
    FIELD("final", final, H_FLAG),
    FIELD("time", time, H_STRING),
    FIELD("time_unix", time_unix, H_SECONDS),
    FIELD("uptime", uptime, H_SECONDS),
    FIELD("interval", interval, H_SECONDS),
    FIELD("depth", depth, H_U64),
    FIELD("sample_rate", sample_rate, H_U64),
    FIELD("estimated", estimated, H_FLAG),
    FIELD("openssl", openssl_state, H_OPENSSL),
    FIELD("live_bytes", live_bytes, H_BYTES),
    FIELD("live_blocks", live_blocks, H_U64),
    FIELD("peak_live_bytes", peak_live_bytes, H_BYTES),
    FIELD("peak_time", peak_time, H_STRING),
    FIELD("peak_uptime", peak_uptime, H_SECONDS_OR_DASH),
    FIELD("total_allocs", total_allocs, H_U64),
    FIELD("total_frees", total_frees, H_U64),
    FIELD("total_alloc_bytes", total_alloc_bytes, H_BYTES),
    FIELD("total_freed_bytes", total_freed_bytes, H_BYTES),
    FIELD("untracked_frees", untracked_frees, H_U64),
    FIELD("mismatched_frees", mismatched_frees, H_U64),
    FIELD("dropped_allocs", dropped_allocs, H_U64),
    FIELD("openssl_live_bytes", openssl_live_bytes, H_BYTES),
    FIELD("openssl_live_blocks", openssl_live_blocks, H_U64),
    FIELD("openssl_total_allocs", openssl_total_allocs, H_U64),
    FIELD("rss_bytes", rss_bytes, H_BYTES),
    FIELD("fds", fds, H_U64),
    FIELD("sockets", sockets, H_U64),
    FIELD("threads", threads, H_U64),
    FIELD("self_bytes", self_bytes, H_BYTES),
    FIELD("metadata_bytes_per_block", metadata_bytes_per_block, H_U64),
    FIELD("stacks", stacks, H_U64),
    FIELD("sites", sites, H_U64),
    FIELD("dump_pause_max_us", dump_pause_max_us, H_U64),
};
#undef FIELD
#define NHEADER (sizeof header_fields / sizeof header_fields[0])

/* Record types of the body; with the header's, these are the types this reader knows. */
static const char *const body_records[] = {
    "heapwatch-dump", "ranking", "stack", "frame", "rest", "sites", "site", "maps", "map", "end", NULL,
};

const char *const hw_reason_names[] = { "interval", "signal", "exit", NULL };
static const char *const ranking_kinds[] = { "live", "growth", "peak" };

/* Parsing state: the reader, the dump being filled, and the frames collected so far. Stacks refer to
 * frames by index until parsing ends, because the pool moves as it grows. */
struct parser {
    struct hw_reader rd;
    struct hw_dump *dump;
    struct hw_error *err;
    struct hw_frame *frames;
    size_t nframes, frames_cap;
};

static bool out_of_memory(struct parser *ps)
{
    hw_error_at(ps->err, ps->rd.name, ps->rd.line, "out of memory");
    return false;
}

static int header_index(const char *type)
{
    for (size_t i = 0; i < NHEADER; i++)
        if (strcmp(type, header_fields[i].record) == 0)
            return (int)i;
    return -1;
}

static bool is_known_record(const char *type)
{
    for (size_t i = 0; body_records[i]; i++)
        if (strcmp(type, body_records[i]) == 0)
            return true;
    return header_index(type) >= 0;
}

static bool parse_cmdline(struct parser *ps, struct hw_record *rec)
{
    struct hw_dump *d = ps->dump;
    d->argc = rec->nfields - 1;
    d->argv = calloc(d->argc + 1, sizeof *d->argv);
    if (!d->argv)
        return out_of_memory(ps);
    for (size_t i = 0; i < d->argc; i++) {
        if (!hw_rec_string(&ps->rd, rec, i + 1, "argument", &d->argv[i], ps->err))
            return false;
        if (!d->argv[i])
            d->argv[i] = rec->fields[i + 1];   /* an argument that is literally ? or - */
    }
    return true;
}

static bool parse_header_value(struct parser *ps, struct hw_record *rec, const struct header_field *hf)
{
    const struct hw_reader *rd = &ps->rd;
    void *slot = (char *)ps->dump + hf->offset;
    const char *name = hf->record;
    int reason;
    switch (hf->kind) {
    case H_U64:
        return hw_rec_u64(rd, rec, 1, name, (uint64_t *)slot, ps->err);
    case H_BYTES:
        return hw_rec_need(rd, rec, 2, ps->err) && hw_rec_u64(rd, rec, 1, name, (uint64_t *)slot, ps->err);
    case H_SECONDS:
        return hw_rec_seconds(rd, rec, 1, name, (double *)slot, ps->err);
    case H_STRING:
        return hw_rec_need(rd, rec, 1, ps->err) && hw_rec_string(rd, rec, 1, name, (const char **)slot, ps->err);
    case H_FLAG:
        return hw_rec_flag(rd, rec, 1, name, (bool *)slot, ps->err);
    case H_REASON:
        if (!hw_rec_keyword(rd, rec, 1, name, hw_reason_names, &reason, ps->err))
            return false;
        ps->dump->reason = (enum hw_reason)reason;
        return true;
    case H_OPENSSL:
        return hw_rec_need(rd, rec, 2, ps->err) &&
               hw_rec_string(rd, rec, 1, "state", &ps->dump->openssl_state, ps->err) &&
               hw_rec_string(rd, rec, 2, "detail", &ps->dump->openssl_detail, ps->err);
    case H_CMDLINE:
        return parse_cmdline(ps, rec);
    case H_SECONDS_OR_DASH:
        if (rec->nfields > 1 && strcmp(rec->fields[1], "-") == 0)
            return true;
        return hw_rec_seconds(rd, rec, 1, name, (double *)slot, ps->err);
    }
    return false;
}

/* The next record this reader knows, skipping unknown types as the format asks; NULL at end of file
 * (reported as truncation, WANTED naming what was expected) or on error. */
static struct hw_record *next_known(struct parser *ps, const char *wanted)
{
    for (;;) {
        struct hw_record *rec = hw_reader_peek(&ps->rd, ps->err);
        if (!rec) {
            if (ps->rd.eof)
                hw_error_at(ps->err, ps->rd.name, ps->rd.line,
                            "file ends where %s was expected (truncated dump: no `end` line)", wanted);
            return NULL;
        }
        if (is_known_record(rec->fields[0]))
            return rec;
        hw_reader_take(&ps->rd);
    }
}

/* Takes the next known record, which must be of TYPE with at least NFIELDS fields. */
static struct hw_record *take(struct parser *ps, const char *type, size_t nfields)
{
    char wanted[64];
    snprintf(wanted, sizeof wanted, "`%s`", type);
    struct hw_record *rec = next_known(ps, wanted);
    if (!rec)
        return NULL;
    if (!hw_rec_is(rec, type)) {
        hw_error_at(ps->err, ps->rd.name, rec->line, "`%s` record where `%s` was expected", rec->fields[0], type);
        return NULL;
    }
    if (!hw_rec_need(&ps->rd, rec, nfields, ps->err))
        return NULL;
    hw_reader_take(&ps->rd);
    return rec;
}

static bool parse_version_line(struct parser *ps)
{
    struct hw_record *rec = hw_reader_peek(&ps->rd, ps->err);
    if (!rec) {
        if (ps->rd.eof)
            hw_error_at(ps->err, ps->rd.name, 1, "empty file, not a heapwatch dump");
        return false;
    }
    if (rec->line != 1 || !hw_rec_is(rec, "heapwatch-dump")) {
        hw_error_at(ps->err, ps->rd.name, rec->line,
                    "not a heapwatch dump (the first line should be `heapwatch-dump %d`)", HW_FORMAT_VERSION);
        return false;
    }
    uint64_t version;
    if (!hw_rec_u64(&ps->rd, rec, 1, "version", &version, ps->err))
        return false;
    if (version != HW_FORMAT_VERSION) {
        hw_error_at(ps->err, ps->rd.name, rec->line,
                    "dump format version %llu is not supported (this heapwatch reads version %d)",
                    (unsigned long long)version, HW_FORMAT_VERSION);
        return false;
    }
    hw_reader_take(&ps->rd);
    return true;
}

static bool parse_header(struct parser *ps)
{
    size_t next = 0;   /* index of the header record the order requires next */
    for (;;) {
        struct hw_record *rec = next_known(ps, "the header");
        if (!rec)
            return false;
        int index = header_index(rec->fields[0]);
        if (index < 0)
            break;
        if ((size_t)index < next) {
            hw_error_at(ps->err, ps->rd.name, rec->line, "header record `%s` is repeated or out of order",
                        rec->fields[0]);
            return false;
        }
        if ((size_t)index > next) {
            hw_error_at(ps->err, ps->rd.name, rec->line, "header record `%s` comes before `%s`, which is missing",
                        rec->fields[0], header_fields[next].record);
            return false;
        }
        if (!parse_header_value(ps, rec, &header_fields[index]))
            return false;
        hw_reader_take(&ps->rd);
        next++;
    }
    if (next < NHEADER) {
        hw_error_at(ps->err, ps->rd.name, ps->rd.rec.line, "header record `%s` is missing before `%s`",
                    header_fields[next].record, ps->rd.rec.fields[0]);
        return false;
    }
    return true;
}

static bool parse_frame(struct parser *ps, struct hw_record *rec, size_t expected_index)
{
    uint64_t index;
    if (!hw_rec_u64(&ps->rd, rec, 1, "INDEX", &index, ps->err))
        return false;
    if (index != expected_index) {
        hw_error_at(ps->err, ps->rd.name, rec->line, "frame index %llu where %zu was expected",
                    (unsigned long long)index, expected_index);
        return false;
    }
    if (ps->nframes == ps->frames_cap) {
        size_t cap = ps->frames_cap ? ps->frames_cap * 2 : 64;
        struct hw_frame *grown = realloc(ps->frames, cap * sizeof *grown);
        if (!grown)
            return out_of_memory(ps);
        ps->frames = grown;
        ps->frames_cap = cap;
    }
    struct hw_frame *f = &ps->frames[ps->nframes];
    memset(f, 0, sizeof *f);
    const struct hw_reader *rd = &ps->rd;
    if (!hw_rec_hex(rd, rec, 2, "ADDRESS", &f->address, ps->err) ||
        !hw_rec_string(rd, rec, 3, "MODULE", &f->module, ps->err) ||
        !hw_rec_string(rd, rec, 5, "FUNCTION", &f->function, ps->err) ||
        !hw_rec_string(rd, rec, 6, "SOURCE", &f->source, ps->err))
        return false;
    f->has_offset = strcmp(rec->fields[4], "?") != 0;
    if (f->has_offset && !hw_rec_hex(rd, rec, 4, "OFFSET", &f->offset, ps->err))
        return false;
    ps->nframes++;
    return true;
}

static bool parse_stack(struct parser *ps, struct hw_stack *s, uint64_t expected_rank)
{
    struct hw_record *rec = take(ps, "stack", 12);
    if (!rec)
        return false;
    const struct hw_reader *rd = &ps->rd;
    if (!hw_rec_u64(rd, rec, 1, "RANK", &s->rank, ps->err) || !hw_rec_u64(rd, rec, 2, "ID", &s->id, ps->err) ||
        !hw_rec_u64(rd, rec, 3, "LIVE_BYTES", &s->live_bytes, ps->err) ||
        !hw_rec_u64(rd, rec, 4, "LIVE_BLOCKS", &s->live_blocks, ps->err) ||
        !hw_rec_u64(rd, rec, 5, "ALLOC_BYTES", &s->alloc_bytes, ps->err) ||
        !hw_rec_u64(rd, rec, 6, "ALLOC_BLOCKS", &s->alloc_blocks, ps->err) ||
        !hw_rec_u64(rd, rec, 7, "PEAK_BYTES", &s->peak_bytes, ps->err) ||
        !hw_rec_signed(rd, rec, 8, "GROWTH_BYTES", &s->growth_bytes, ps->err) ||
        !hw_rec_u64(rd, rec, 9, "AT_PEAK_BYTES", &s->at_peak_bytes, ps->err) ||
        !hw_rec_share(rd, rec, 10, "SHARE", &s->share, ps->err) ||
        !hw_rec_string(rd, rec, 11, "SITE", &s->site, ps->err))
        return false;
    if (s->rank != expected_rank) {
        hw_error_at(ps->err, rd->name, rec->line, "stack rank %llu where %llu was expected",
                    (unsigned long long)s->rank, (unsigned long long)expected_rank);
        return false;
    }
    /* Until the pool stops moving, frames holds the index of the stack's first frame. */
    s->frames = (struct hw_frame *)(uintptr_t)ps->nframes;
    for (;;) {
        struct hw_record *next = hw_reader_peek(&ps->rd, ps->err);
        if (!next)
            return ps->rd.eof;   /* truncation is reported by whoever expects the next record */
        if (!hw_rec_is(next, "frame")) {
            if (is_known_record(next->fields[0]))
                return true;
            hw_reader_take(&ps->rd);
            continue;
        }
        if (!hw_rec_need(rd, next, 6, ps->err) || !parse_frame(ps, next, s->nframes))
            return false;
        hw_reader_take(&ps->rd);
        s->nframes++;
    }
}

static bool parse_ranking(struct parser *ps, const char *kind, struct hw_ranking *r)
{
    struct hw_record *rec = take(ps, "ranking", 3);
    if (!rec)
        return false;
    if (strcmp(rec->fields[1], kind) != 0) {
        hw_error_at(ps->err, ps->rd.name, rec->line, "ranking `%s` where ranking `%s` was expected",
                    rec->fields[1], kind);
        return false;
    }
    uint64_t shown;
    if (!hw_rec_u64(&ps->rd, rec, 2, "SHOWN", &shown, ps->err) ||
        !hw_rec_u64(&ps->rd, rec, 3, "CANDIDATES", &r->candidates, ps->err))
        return false;
    if (shown > r->candidates) {
        hw_error_at(ps->err, ps->rd.name, rec->line, "ranking `%s` shows %llu stacks of %llu candidates", kind,
                    (unsigned long long)shown, (unsigned long long)r->candidates);
        return false;
    }
    unsigned line = rec->line;
    /* Bound the allocation by what the file could hold: every stack takes a line. */
    if (shown > (uint64_t)(ps->rd.end - ps->rd.pos)) {
        hw_error_at(ps->err, ps->rd.name, line, "ranking `%s` announces %llu stacks, more than the file holds",
                    kind, (unsigned long long)shown);
        return false;
    }
    r->stacks = calloc(shown ? shown : 1, sizeof *r->stacks);
    if (!r->stacks)
        return out_of_memory(ps);
    for (r->nstacks = 0; r->nstacks < shown; r->nstacks++)
        if (!parse_stack(ps, &r->stacks[r->nstacks], r->nstacks + 1))
            return false;
    return true;
}

static bool parse_rest(struct parser *ps)
{
    struct hw_record *rec = take(ps, "rest", 7);
    struct hw_rest *rest = &ps->dump->rest;
    const struct hw_reader *rd = &ps->rd;
    double share;   /* checked, not kept: it follows from the bytes */
    return rec && hw_rec_u64(rd, rec, 1, "STACKS", &rest->stacks, ps->err) &&
           hw_rec_u64(rd, rec, 2, "LIVE_BYTES", &rest->live_bytes, ps->err) &&
           hw_rec_u64(rd, rec, 3, "LIVE_BLOCKS", &rest->live_blocks, ps->err) &&
           hw_rec_u64(rd, rec, 4, "ALLOC_BYTES", &rest->alloc_bytes, ps->err) &&
           hw_rec_u64(rd, rec, 5, "ALLOC_BLOCKS", &rest->alloc_blocks, ps->err) &&
           hw_rec_share(rd, rec, 6, "SHARE", &share, ps->err);
}

/* The live ranking and `rest` must add up to the header, as the format promises. */
static bool check_live_totals(struct parser *ps, unsigned rest_line)
{
    const struct hw_dump *d = ps->dump;
    uint64_t bytes = d->rest.live_bytes, blocks = d->rest.live_blocks;
    for (size_t i = 0; i < d->live.nstacks; i++) {
        bytes += d->live.stacks[i].live_bytes;
        blocks += d->live.stacks[i].live_blocks;
    }
    if (bytes == d->live_bytes && blocks == d->live_blocks)
        return true;
    hw_error_at(ps->err, ps->rd.name, rest_line,
                "live ranking plus `rest` give %llu bytes in %llu blocks, but the header says %llu bytes in %llu "
                "blocks", (unsigned long long)bytes, (unsigned long long)blocks,
                (unsigned long long)d->live_bytes, (unsigned long long)d->live_blocks);
    return false;
}

/* Reads the COUNT field of a section record (`sites`, `maps`), bounded by the file's remaining size. */
static bool section_count(struct parser *ps, struct hw_record *rec, uint64_t *count)
{
    if (!hw_rec_u64(&ps->rd, rec, 1, "count", count, ps->err))
        return false;
    if (*count > (uint64_t)(ps->rd.end - ps->rd.pos)) {
        hw_error_at(ps->err, ps->rd.name, rec->line, "`%s` announces %llu records, more than the file holds",
                    rec->fields[0], (unsigned long long)*count);
        return false;
    }
    return true;
}

static bool parse_sites(struct parser *ps)
{
    struct hw_dump *d = ps->dump;
    struct hw_record *rec = take(ps, "sites", 3);
    uint64_t shown;
    if (!rec || !section_count(ps, rec, &shown) ||
        !hw_rec_u64(&ps->rd, rec, 2, "CANDIDATES", &d->sites_candidates, ps->err) ||
        !hw_rec_u64(&ps->rd, rec, 3, "OPENSSL_LIVE_BYTES", &d->sites_openssl_live_bytes, ps->err))
        return false;
    d->site_list = calloc(shown ? shown : 1, sizeof *d->site_list);
    if (!d->site_list)
        return out_of_memory(ps);
    for (d->nsites = 0; d->nsites < shown; d->nsites++) {
        struct hw_site *s = &d->site_list[d->nsites];
        rec = take(ps, "site", 7);
        if (!rec || !hw_rec_u64(&ps->rd, rec, 1, "RANK", &s->rank, ps->err) ||
            !hw_rec_string(&ps->rd, rec, 2, "SITE", &s->site, ps->err) ||
            !hw_rec_u64(&ps->rd, rec, 3, "LIVE_BYTES", &s->live_bytes, ps->err) ||
            !hw_rec_u64(&ps->rd, rec, 4, "LIVE_BLOCKS", &s->live_blocks, ps->err) ||
            !hw_rec_u64(&ps->rd, rec, 5, "ALLOC_BLOCKS", &s->alloc_blocks, ps->err) ||
            !hw_rec_share(&ps->rd, rec, 6, "SHARE", &s->share, ps->err))
            return false;
    }
    return true;
}

static bool parse_maps(struct parser *ps)
{
    struct hw_dump *d = ps->dump;
    struct hw_record *rec = take(ps, "maps", 1);
    uint64_t count;
    if (!rec || !section_count(ps, rec, &count))
        return false;
    d->maps = calloc(count ? count : 1, sizeof *d->maps);
    if (!d->maps)
        return out_of_memory(ps);
    for (d->nmaps = 0; d->nmaps < count; d->nmaps++) {
        struct hw_map *m = &d->maps[d->nmaps];
        rec = take(ps, "map", 4);
        if (!rec || !hw_rec_hex(&ps->rd, rec, 1, "START", &m->start, ps->err) ||
            !hw_rec_hex(&ps->rd, rec, 2, "END", &m->end, ps->err) ||
            !hw_rec_hex(&ps->rd, rec, 3, "FILE_OFFSET", &m->file_offset, ps->err) ||
            !hw_rec_string(&ps->rd, rec, 4, "PATH", &m->path, ps->err))
            return false;
    }
    return true;
}

/* `end` must be the last record: anything known after it means two files were glued together. */
static bool parse_end(struct parser *ps)
{
    if (!take(ps, "end", 0))
        return false;
    struct hw_record *rec;
    while ((rec = hw_reader_peek(&ps->rd, ps->err))) {
        if (is_known_record(rec->fields[0])) {
            hw_error_at(ps->err, ps->rd.name, rec->line, "`%s` record after `end`", rec->fields[0]);
            return false;
        }
        hw_reader_take(&ps->rd);
    }
    return ps->rd.eof;
}

static void fix_frame_pointers(struct hw_dump *d)
{
    struct hw_ranking *rankings[] = { &d->live, &d->growth, &d->peak };
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < rankings[k]->nstacks; i++) {
            struct hw_stack *s = &rankings[k]->stacks[i];
            s->frames = d->frame_pool + (uintptr_t)s->frames;
        }
}

static bool parse_body(struct parser *ps)
{
    struct hw_dump *d = ps->dump;
    struct hw_ranking *rankings[] = { &d->live, &d->growth, &d->peak };
    if (!parse_version_line(ps) || !parse_header(ps))
        return false;
    for (size_t k = 0; k < 3; k++) {
        if (!parse_ranking(ps, ranking_kinds[k], rankings[k]))
            return false;
        if (k == 0 && (!parse_rest(ps) || !check_live_totals(ps, ps->rd.rec.line)))
            return false;
    }
    return parse_sites(ps) && parse_maps(ps) && parse_end(ps);
}

bool hw_dump_load(const char *path, struct hw_dump *out, struct hw_error *err)
{
    char *text;
    size_t len;
    return hw_read_file(path, &text, &len, err) && hw_dump_parse(path, text, len, out, err);
}

bool hw_dump_parse(const char *name, char *text, size_t len, struct hw_dump *out, struct hw_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = name;
    out->text = text;
    struct parser ps = { .dump = out, .err = err };
    hw_reader_init(&ps.rd, name, text, len);
    bool ok = parse_body(&ps);
    hw_reader_free(&ps.rd);
    out->frame_pool = ps.frames;
    if (!ok) {
        /* Stacks still hold frame indexes; they are not dereferenced by hw_dump_free. */
        hw_dump_free(out);
        return false;
    }
    fix_frame_pointers(out);
    return true;
}

void hw_dump_free(struct hw_dump *dump)
{
    free(dump->argv);
    free(dump->live.stacks);
    free(dump->growth.stacks);
    free(dump->peak.stacks);
    free(dump->site_list);
    free(dump->maps);
    free(dump->frame_pool);
    free(dump->text);
    memset(dump, 0, sizeof *dump);
}
