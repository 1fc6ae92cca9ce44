/* record.h: the line grammar shared by dump and series files (docs/FORMAT.md, "Line grammar"):
 * splits a file held in memory into records (lines of space-separated fields, comments and blank lines
 * skipped) and converts fields to numbers and strings, reporting any violation as FILE:LINE. */
#ifndef HEAPWATCH_RECORD_H
#define HEAPWATCH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct hw_record {
    unsigned line;
    size_t nfields;          /* fields[0] is the record type */
    char **fields;
};

struct hw_reader {
    const char *name;
    char *pos, *end;
    unsigned line;           /* line number of the last line read */
    bool pending;            /* rec holds a record peeked but not yet taken */
    bool eof;
    struct hw_record rec;
    size_t cap;
};

/* TEXT (LEN bytes) is split in place; it must stay alive as long as the records are used. */
void hw_reader_init(struct hw_reader *rd, const char *name, char *text, size_t len);
void hw_reader_free(struct hw_reader *rd);

/* The next record without consuming it; NULL at end of file (err untouched) or on error (err set,
 * rd->eof false). */
struct hw_record *hw_reader_peek(struct hw_reader *rd, struct hw_error *err);

/* Consumes the record returned by the last peek. */
void hw_reader_take(struct hw_reader *rd);

/* True when REC's type is TYPE. */
bool hw_rec_is(const struct hw_record *rec, const char *type);

/* Fails unless REC has at least N fields after its type. */
bool hw_rec_need(const struct hw_reader *rd, const struct hw_record *rec, size_t n, struct hw_error *err);

/* Typed access to field I (1-based, after the type); WHAT names the field in messages. */
bool hw_rec_u64(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                uint64_t *out, struct hw_error *err);
bool hw_rec_signed(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                   int64_t *out, struct hw_error *err);
bool hw_rec_hex(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                uint64_t *out, struct hw_error *err);
bool hw_rec_seconds(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                    double *out, struct hw_error *err);
bool hw_rec_share(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                  double *out, struct hw_error *err);
bool hw_rec_flag(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                 bool *out, struct hw_error *err);
/* A string field, \xHH decoded in place; `?` and `-` give NULL. */
bool hw_rec_string(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                   const char **out, struct hw_error *err);
/* One of the NULL-terminated WORDS; *out is its index. */
bool hw_rec_keyword(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                    const char *const *words, int *out, struct hw_error *err);

#endif
