/* json.c: the --json writer (see json.h). */
#include "json.h"

#include <inttypes.h>
#include <math.h>

void hw_json_init(struct hw_json *j, FILE *out)
{
    j->out = out;
    j->depth = 0;
    j->has_members[0] = false;
}

static void write_escaped(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Comma, newline and indentation before a member, then its key. */
static void begin_member(struct hw_json *j, const char *key)
{
    if (j->depth > 0) {
        fputs(j->has_members[j->depth] ? ",\n" : "\n", j->out);
        fprintf(j->out, "%*s", 2 * j->depth, "");
        j->has_members[j->depth] = true;
    }
    if (key) {
        write_escaped(j->out, key);
        fputs(": ", j->out);
    }
}

/* Nesting deeper than HW_JSON_MAX_DEPTH is a programming error; the writer stops indenting there
 * rather than overflow. */
static void open_container(struct hw_json *j, const char *key, char opener, char closer)
{
    begin_member(j, key);
    fputc(opener, j->out);
    if (j->depth + 1 < HW_JSON_MAX_DEPTH)
        j->depth++;
    j->has_members[j->depth] = false;
    j->closer[j->depth] = closer;
}

void hw_json_object(struct hw_json *j, const char *key)
{
    open_container(j, key, '{', '}');
}

void hw_json_array(struct hw_json *j, const char *key)
{
    open_container(j, key, '[', ']');
}

void hw_json_end(struct hw_json *j)
{
    char closer = j->closer[j->depth];
    bool had_members = j->has_members[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had_members)
        fprintf(j->out, "\n%*s", 2 * j->depth, "");
    fputc(closer, j->out);
}

void hw_json_string(struct hw_json *j, const char *key, const char *value)
{
    begin_member(j, key);
    if (value)
        write_escaped(j->out, value);
    else
        fputs("null", j->out);
}

void hw_json_u64(struct hw_json *j, const char *key, uint64_t value)
{
    begin_member(j, key);
    fprintf(j->out, "%" PRIu64, value);
}

void hw_json_i64(struct hw_json *j, const char *key, int64_t value)
{
    begin_member(j, key);
    fprintf(j->out, "%" PRId64, value);
}

void hw_json_number(struct hw_json *j, const char *key, double value)
{
    begin_member(j, key);
    if (isfinite(value))
        fprintf(j->out, "%.10g", value);
    else
        fputs("null", j->out);
}

void hw_json_bool(struct hw_json *j, const char *key, bool value)
{
    begin_member(j, key);
    fputs(value ? "true" : "false", j->out);
}

void hw_json_null(struct hw_json *j, const char *key)
{
    begin_member(j, key);
    fputs("null", j->out);
}

void hw_json_finish(struct hw_json *j)
{
    fputc('\n', j->out);
}
