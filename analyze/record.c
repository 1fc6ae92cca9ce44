/* record.c: splits dump and series files into records and converts their fields (see record.h).
 * Conversions are strict (exact digits, lowercase hex, no signs where none belong), because a field
 * that only looks like a number is a sign of a corrupt or foreign file. */
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hw_reader_init(struct hw_reader *rd, const char *name, char *text, size_t len)
{
    memset(rd, 0, sizeof *rd);
    rd->name = name;
    rd->pos = text;
    rd->end = text + len;
}

void hw_reader_free(struct hw_reader *rd)
{
    free(rd->rec.fields);
    rd->rec.fields = NULL;
}

static bool add_field(struct hw_reader *rd, char *field, struct hw_error *err)
{
    if (rd->rec.nfields == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 16;
        char **grown = realloc(rd->rec.fields, cap * sizeof *grown);
        if (!grown) {
            hw_error_at(err, rd->name, rd->line, "out of memory");
            return false;
        }
        rd->rec.fields = grown;
        rd->cap = cap;
    }
    rd->rec.fields[rd->rec.nfields++] = field;
    return true;
}

/* Splits the line [start, stop) into fields, terminating each with a NUL in place. */
static bool split_line(struct hw_reader *rd, char *start, char *stop, struct hw_error *err)
{
    rd->rec.nfields = 0;
    rd->rec.line = rd->line;
    for (char *p = start; p < stop; p++) {
        unsigned char c = (unsigned char)*p;
        if (c != ' ' && (c < 0x20 || c == 0x7f)) {
            hw_error_at(err, rd->name, rd->line, "unexpected control byte 0x%02x (corrupt or not a heapwatch file)", c);
            return false;
        }
    }
    char *p = start;
    while (p < stop) {
        while (p < stop && *p == ' ')
            *p++ = '\0';
        if (p == stop)
            break;
        if (!add_field(rd, p, err))
            return false;
        while (p < stop && *p != ' ')
            p++;
    }
    *stop = '\0';
    return true;
}

struct hw_record *hw_reader_peek(struct hw_reader *rd, struct hw_error *err)
{
    if (rd->pending)
        return &rd->rec;
    while (rd->pos < rd->end) {
        char *start = rd->pos;
        char *nl = memchr(start, '\n', (size_t)(rd->end - start));
        rd->line++;
        if (!nl) {
            hw_error_at(err, rd->name, rd->line, "last line does not end in a newline (truncated file?)");
            return NULL;
        }
        rd->pos = nl + 1;
        if (!split_line(rd, start, nl, err))
            return NULL;
        if (rd->rec.nfields == 0 || rd->rec.fields[0][0] == '#')
            continue;
        rd->pending = true;
        return &rd->rec;
    }
    rd->eof = true;
    return NULL;
}

void hw_reader_take(struct hw_reader *rd)
{
    rd->pending = false;
}

bool hw_rec_is(const struct hw_record *rec, const char *type)
{
    return strcmp(rec->fields[0], type) == 0;
}

bool hw_rec_need(const struct hw_reader *rd, const struct hw_record *rec, size_t n, struct hw_error *err)
{
    if (rec->nfields - 1 >= n)
        return true;
    hw_error_at(err, rd->name, rec->line, "`%s` record has %zu fields, expected %zu", rec->fields[0],
                rec->nfields - 1, n);
    return false;
}

static bool bad_field(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                      const char *expected, struct hw_error *err)
{
    const char *got = i < rec->nfields ? rec->fields[i] : "(missing)";
    hw_error_at(err, rd->name, rec->line, "`%s` record: %s should be %s, got '%.40s'", rec->fields[0], what,
                expected, got);
    return false;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool digits_to_u64(const char *s, uint64_t *out)
{
    if (!all_digits(s))
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE)
        return false;
    *out = v;
    return true;
}

bool hw_rec_u64(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                uint64_t *out, struct hw_error *err)
{
    if (i < rec->nfields && digits_to_u64(rec->fields[i], out))
        return true;
    return bad_field(rd, rec, i, what, "an unsigned decimal integer", err);
}

bool hw_rec_signed(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                   int64_t *out, struct hw_error *err)
{
    uint64_t magnitude;
    if (i < rec->nfields) {
        const char *s = rec->fields[i];
        if ((s[0] == '+' || s[0] == '-') && digits_to_u64(s + 1, &magnitude) && magnitude <= INT64_MAX) {
            *out = s[0] == '-' ? -(int64_t)magnitude : (int64_t)magnitude;
            return true;
        }
    }
    return bad_field(rd, rec, i, what, "a signed integer with + or -", err);
}

bool hw_rec_hex(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                uint64_t *out, struct hw_error *err)
{
    if (i < rec->nfields) {
        const char *s = rec->fields[i];
        size_t n = strlen(s);
        if (n > 2 && n <= 18 && s[0] == '0' && s[1] == 'x' && strspn(s + 2, "0123456789abcdef") == n - 2) {
            *out = strtoull(s + 2, NULL, 16);
            return true;
        }
    }
    return bad_field(rd, rec, i, what, "0x and lowercase hex", err);
}

/* DIGITS[.DIGITS] with at most DECIMALS decimals (any when DECIMALS < 0). */
static bool decimal_number(const char *s, int decimals, double *out)
{
    size_t whole = strspn(s, "0123456789");
    if (whole == 0)
        return false;
    const char *rest = s + whole;
    if (*rest == '.') {
        size_t frac = strspn(rest + 1, "0123456789");
        if (frac == 0 || rest[1 + frac] != '\0' || (decimals >= 0 && frac != (size_t)decimals))
            return false;
    } else if (*rest != '\0') {
        return false;
    }
    *out = strtod(s, NULL);
    return true;
}

bool hw_rec_seconds(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                    double *out, struct hw_error *err)
{
    if (i < rec->nfields && decimal_number(rec->fields[i], -1, out))
        return true;
    return bad_field(rd, rec, i, what, "a number of seconds", err);
}

bool hw_rec_share(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                  double *out, struct hw_error *err)
{
    if (i < rec->nfields) {
        char *s = rec->fields[i];
        size_t n = strlen(s);
        if (n > 1 && s[n - 1] == '%') {
            s[n - 1] = '\0';
            bool ok = decimal_number(s, 2, out);
            s[n - 1] = '%';
            if (ok)
                return true;
        }
    }
    return bad_field(rd, rec, i, what, "a percentage like 12.50%", err);
}

bool hw_rec_flag(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                 bool *out, struct hw_error *err)
{
    static const char *const flags[] = { "0", "1", NULL };
    int index;
    if (!hw_rec_keyword(rd, rec, i, what, flags, &index, err))
        return false;
    *out = index == 1;
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes \xHH in place; false on a backslash not starting a valid escape. */
static bool decode_escapes(char *s)
{
    char *out = s;
    for (const char *in = s; *in; ) {
        if (*in != '\\') {
            *out++ = *in++;
            continue;
        }
        int hi = in[1] == 'x' ? hex_digit(in[2]) : -1;
        int lo = hi >= 0 ? hex_digit(in[3]) : -1;
        if (lo < 0)
            return false;
        *out++ = (char)(hi * 16 + lo);
        in += 4;
    }
    *out = '\0';
    return true;
}

bool hw_rec_string(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                   const char **out, struct hw_error *err)
{
    if (i >= rec->nfields)
        return bad_field(rd, rec, i, what, "present", err);
    char *s = rec->fields[i];
    if (strcmp(s, "?") == 0 || strcmp(s, "-") == 0) {
        *out = NULL;
        return true;
    }
    if (!decode_escapes(s))
        return bad_field(rd, rec, i, what, "a string with only \\xHH escapes", err);
    *out = s;
    return true;
}

bool hw_rec_keyword(const struct hw_reader *rd, const struct hw_record *rec, size_t i, const char *what,
                    const char *const *words, int *out, struct hw_error *err)
{
    if (i < rec->nfields)
        for (int k = 0; words[k]; k++)
            if (strcmp(rec->fields[i], words[k]) == 0) {
                *out = k;
                return true;
            }
    char expected[128] = "one of";
    for (int k = 0; words[k]; k++) {
        size_t used = strlen(expected);
        snprintf(expected + used, sizeof expected - used, " %s", words[k]);
    }
    return bad_field(rd, rec, i, what, expected, err);
}
