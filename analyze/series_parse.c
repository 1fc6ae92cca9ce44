/* series_parse.c: reads a series file (`heapwatch.<pid>.series`, docs/FORMAT.md "Series file"): the
 * one-line-per-dump history that survives HEAPWATCH_KEEP pruning, so process-wide figures cover the
 * whole run even when old dump files are gone. */
#include "dump.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "read_file.h"
#include "record.h"

/* The unsigned fields of `point` after REASON, in file order. */
static const struct {
    const char *name;
    size_t offset;
} point_counts[] = {
    { "LIVE_BYTES", offsetof(struct hw_point, live_bytes) },
    { "LIVE_BLOCKS", offsetof(struct hw_point, live_blocks) },
    { "PEAK_LIVE_BYTES", offsetof(struct hw_point, peak_live_bytes) },
    { "RSS_BYTES", offsetof(struct hw_point, rss_bytes) },
    { "FDS", offsetof(struct hw_point, fds) },
    { "SOCKETS", offsetof(struct hw_point, sockets) },
    { "THREADS", offsetof(struct hw_point, threads) },
    { "OPENSSL_LIVE_BYTES", offsetof(struct hw_point, openssl_live_bytes) },
    { "TOTAL_ALLOCS", offsetof(struct hw_point, total_allocs) },
    { "TOTAL_FREES", offsetof(struct hw_point, total_frees) },
    { "SELF_BYTES", offsetof(struct hw_point, self_bytes) },
};
#define NCOUNTS (sizeof point_counts / sizeof point_counts[0])
#define POINT_FIELDS (4 + NCOUNTS)

static bool parse_first_line(struct hw_reader *rd, struct hw_series *out, struct hw_error *err)
{
    struct hw_record *rec = hw_reader_peek(rd, err);
    if (!rec) {
        if (rd->eof)
            hw_error_at(err, rd->name, 1, "empty file, not a heapwatch series");
        return false;
    }
    uint64_t version;
    if (rec->line != 1 || !hw_rec_is(rec, "heapwatch-series")) {
        hw_error_at(err, rd->name, rec->line, "not a heapwatch series (the first line should be `heapwatch-series %d`)",
                    HW_FORMAT_VERSION);
        return false;
    }
    if (!hw_rec_u64(rd, rec, 1, "version", &version, err))
        return false;
    if (version != HW_FORMAT_VERSION) {
        hw_error_at(err, rd->name, rec->line, "series format version %llu is not supported (this heapwatch reads "
                    "version %d)", (unsigned long long)version, HW_FORMAT_VERSION);
        return false;
    }
    if (!hw_rec_need(rd, rec, 3, err) || !hw_rec_u64(rd, rec, 2, "PID", &out->pid, err) ||
        !hw_rec_string(rd, rec, 3, "EXE", &out->exe, err))
        return false;
    hw_reader_take(rd);
    return true;
}

static bool parse_point(struct hw_reader *rd, struct hw_record *rec, struct hw_point *p, struct hw_error *err)
{
    int reason;
    if (!hw_rec_need(rd, rec, POINT_FIELDS, err) || !hw_rec_u64(rd, rec, 1, "SEQ", &p->seq, err) ||
        !hw_rec_seconds(rd, rec, 2, "TIME_UNIX", &p->time_unix, err) ||
        !hw_rec_seconds(rd, rec, 3, "UPTIME", &p->uptime, err) ||
        !hw_rec_keyword(rd, rec, 4, "REASON", hw_reason_names, &reason, err))
        return false;
    p->reason = (enum hw_reason)reason;
    for (size_t i = 0; i < NCOUNTS; i++)
        if (!hw_rec_u64(rd, rec, 5 + i, point_counts[i].name, (uint64_t *)((char *)p + point_counts[i].offset), err))
            return false;
    return true;
}

static bool parse_points(struct hw_reader *rd, struct hw_series *out, struct hw_error *err)
{
    size_t cap = 0;
    struct hw_record *rec;
    while ((rec = hw_reader_peek(rd, err))) {
        hw_reader_take(rd);
        if (!hw_rec_is(rec, "point"))
            continue;   /* a record type of a later revision */
        if (out->npoints == cap) {
            cap = cap ? cap * 2 : 64;
            struct hw_point *grown = realloc(out->points, cap * sizeof *grown);
            if (!grown) {
                hw_error_at(err, rd->name, rec->line, "out of memory");
                return false;
            }
            out->points = grown;
        }
        struct hw_point *p = &out->points[out->npoints];
        memset(p, 0, sizeof *p);
        if (!parse_point(rd, rec, p, err))
            return false;
        if (out->npoints > 0 && p->seq <= p[-1].seq) {
            hw_error_at(err, rd->name, rec->line, "point seq %llu does not follow seq %llu",
                        (unsigned long long)p->seq, (unsigned long long)p[-1].seq);
            return false;
        }
        out->npoints++;
    }
    return rd->eof;
}

bool hw_series_parse(const char *name, char *text, size_t len, struct hw_series *out, struct hw_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = name;
    out->text = text;
    struct hw_reader rd;
    hw_reader_init(&rd, name, text, len);
    bool ok = parse_first_line(&rd, out, err) && parse_points(&rd, out, err);
    hw_reader_free(&rd);
    if (!ok)
        hw_series_free(out);
    return ok;
}

bool hw_series_load(const char *path, struct hw_series *out, struct hw_error *err)
{
    char *text;
    size_t len;
    return hw_read_file(path, &text, &len, err) && hw_series_parse(path, text, len, out, err);
}

void hw_series_free(struct hw_series *series)
{
    free(series->points);
    free(series->text);
    memset(series, 0, sizeof *series);
}
